package io.fedspark.federated.curriculum;

import io.fedspark.math.Choice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.math.nn.ModelKind;
import io.fedspark.math.nn.ModelSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scores under a logistic regression 2-2 whose parameters are known: W = s * I and b = 0 (layout
 * W then b), so the logits are s * x and the losses follow from the softmax by hand.
 */
@Tag("line-independent")
class ExampleScorerTest {
  /** float rounding of ln-values and the softmax; losses are O(1). */
  private static final float TOL = 1e-5f;
  private static final float LN3 = (float) Math.log(3);
  private static final ModelSpec SPEC = ModelSpec.of(ModelKind.LOGREG, 2, 2);

  private static float[] scaledIdentity(float s) {
    return new float[] {s, 0f, 0f, s, 0f, 0f};
  }

  /** x0 = (0, ln3) label 0, x1 = (0, ln3) label 1, x2 = (ln3, 0) label 0. */
  private static ClientShard shard() {
    return new ClientShard(4, 3, 2, 2, new float[] {0f, LN3, 0f, LN3, LN3, 0f}, new int[] {0, 1, 0});
  }

  @Test
  void lossScoresArePerExampleCrossEntropy() {
    // softmax(0, ln3) = (1/4, 3/4): label 0 costs ln 4, label 1 costs ln(4/3).
    float[] s = new ExampleScorer(SPEC, ScoreKind.LOSS).score(shard(), scaledIdentity(1f));
    assertArrayEquals(new float[] {(float) Math.log(4), (float) Math.log(4.0 / 3), (float) Math.log(4.0 / 3)}, s, TOL);
  }

  @Test
  void predictionScoresAreMisclassificationIndicators() {
    // argmax(0, ln3) = 1: x0 (label 0) is wrong, x1 right; argmax(ln3, 0) = 0: x2 right.
    float[] s = new ExampleScorer(SPEC, ScoreKind.PREDICTION).score(shard(), scaledIdentity(1f));
    assertArrayEquals(new float[] {1f, 0f, 0f}, s);
  }

  @Test
  void localPlusGlobalSumsTheScores() {
    // With W = 2I: softmax(0, 2 ln3) = (1/10, 9/10): ln 10 and ln(10/9).
    float[] s = new ExampleScorer(SPEC, ScoreKind.LOSS).score(shard(), scaledIdentity(1f), scaledIdentity(2f));
    assertEquals((float) Math.log(40), s[0], TOL);
    assertEquals((float) (Math.log(4.0 / 3) + Math.log(10.0 / 9)), s[1], TOL);
    float[] p = new ExampleScorer(SPEC, ScoreKind.PREDICTION).score(shard(), scaledIdentity(1f), scaledIdentity(2f));
    assertArrayEquals(new float[] {2f, 0f, 0f}, p);
  }

  @Test
  void meanScoreIsTheClientScore() {
    double c = new ExampleScorer(SPEC, ScoreKind.LOSS).meanScore(shard(), scaledIdentity(1f));
    assertEquals((Math.log(4) + 2 * Math.log(4.0 / 3)) / 3, c, TOL);
    assertEquals(1.0 / 3, new ExampleScorer(SPEC, ScoreKind.PREDICTION).meanScore(shard(), scaledIdentity(1f)), 1e-12);
  }

  @Test
  void chunkedScoringMatchesRowByRow() {
    int n = ExampleScorer.CHUNK_ROWS * 2 + 17;
    float[] x = new float[2 * n];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = (i % 7) * 0.25f;
      x[2 * i + 1] = (i % 5) * -0.5f;
      y[i] = i % 2;
    }
    ClientShard big = new ClientShard(0, n, 2, 2, x, y);
    float[] params = {0.3f, -0.2f, 0.7f, 0.1f, 0.05f, -0.05f};
    float[] all = new ExampleScorer(SPEC, ScoreKind.LOSS).score(big, params);
    for (int i : new int[] {0, 1, ExampleScorer.CHUNK_ROWS - 1, ExampleScorer.CHUNK_ROWS, n - 1}) {
      ClientShard one = new ClientShard(0, 1, 2, 2, new float[] {x[2 * i], x[2 * i + 1]}, new int[] {y[i]});
      assertEquals(new ExampleScorer(SPEC, ScoreKind.LOSS).score(one, params)[0], all[i], 0f, "row " + i);
    }
  }

  @Test
  void rejectsMismatchedInputs() {
    ExampleScorer scorer = new ExampleScorer(SPEC, ScoreKind.LOSS);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> scorer.score(shard(), new float[5]));
    assertTrue(e.getMessage().contains("parameter vector 0 has 5 floats"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> scorer.score(shard()));
    ClientShard wide = new ClientShard(1, 1, 3, 2, new float[3], new int[1]);
    e = assertThrows(IllegalArgumentException.class, () -> scorer.score(wide, scaledIdentity(1f)));
    assertTrue(e.getMessage().contains("3 features"), e.getMessage());
  }

  @Test
  void scoringModelParameterSets() {
    assertEquals(2, ScoringModel.LOCAL_PLUS_GLOBAL.parameterSets());
    assertEquals(1, ScoringModel.EXPERT.parameterSets());
    assertEquals(ScoringModel.LOCAL_PLUS_GLOBAL, Choice.parse(ScoringModel.class, "local-plus-global", "k"));
    assertEquals(ScoreKind.PREDICTION, Choice.parse(ScoreKind.class, "PREDICTION", "k"));
  }
}
