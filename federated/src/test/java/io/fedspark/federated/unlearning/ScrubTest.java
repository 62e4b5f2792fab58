package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.random.SeedSequence;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SCRUB (Kurmanji et al., NeurIPS 2023) on the 8x8 digits with the MLP 64-32-10, forgetting every
 * training example of class 3: the max passes drive the forget set away from the teacher (its loss
 * and error rise far above the original model's, and above the same run without max passes, which
 * only distils the retain set), while the retain set is kept. Deterministic per seed.
 */
@Tag("line-independent")
class ScrubTest {
  private static UnlearningProblem classThree() {
    LabeledDataset train = Digits.train();
    int[] forget = IntStream.range(0, train.size()).filter(i -> train.labels()[i] == 3).toArray();
    return UnlearningProblem.split(Digits.SPEC, Digits.original(), train, forget, Digits.test());
  }

  private static double loss(UnlearningProblem p, float[] params, LabeledDataset d) {
    return Model.fromParameters(p.spec(), params)
        .evaluate(FloatMatrix.wrap(d.features(), 0, d.size(), d.featureCount()), d.labels()).loss();
  }

  @Test
  void maxPassesForgetTheClassAndKeepTheRest() {
    UnlearningProblem p = classThree();
    UnlearningScores before = UnlearningMetrics.score(p, p.originalParams(), new MiaOptions(), SeedSequence.root(9));
    ScrubOptions o = new ScrubOptions();
    float[] scrubbed = new Scrub(o).unlearn(p, SeedSequence.root(4));
    float[] distilled = new Scrub(o.withMaxEpochs(0)).unlearn(p, SeedSequence.root(4));
    UnlearningScores s = UnlearningMetrics.score(p, scrubbed, new MiaOptions(), SeedSequence.root(9));
    UnlearningScores d = UnlearningMetrics.score(p, distilled, new MiaOptions(), SeedSequence.root(9));
    double lossBefore = loss(p, p.originalParams(), p.forget());
    double lossScrub = loss(p, scrubbed, p.forget());
    double lossDistil = loss(p, distilled, p.forget());
    System.out.printf("forget %d examples: UA %.2f -> SCRUB %.2f (no max pass %.2f); forget loss %.4f -> %.4f (%.4f); "
        + "RA %.2f -> %.2f; TA %.2f -> %.2f; MIA %.2f -> %.2f%n", p.forget().size(), before.ua(), s.ua(), d.ua(),
        lossBefore, lossScrub, lossDistil, before.ra(), s.ra(), before.ta(), s.ta(), before.mia(), s.mia());
    assertTrue(lossScrub > 2 * lossBefore, "forget loss " + lossScrub + " vs original " + lossBefore);
    assertTrue(lossScrub > lossDistil, "max passes raise the forget loss: " + lossScrub + " vs " + lossDistil);
    assertTrue(s.ua() > before.ua() + 20, "UA " + s.ua() + " vs original " + before.ua());
    assertTrue(s.ua() > d.ua(), "UA " + s.ua() + " vs without max passes " + d.ua());
    assertTrue(s.ra() > 90, "retain accuracy kept: " + s.ra());
    assertArrayEquals(scrubbed, new Scrub(o).unlearn(p, SeedSequence.root(4)), 0f, "same seed, same parameters");
  }

  @Test
  void optionsAreValidatedWithTheirKeys() {
    var e = assertThrows(IllegalArgumentException.class, () -> new ScrubOptions().withMaxEpochs(6));
    assertEquals("unlearn.scrub.max-epochs = 6: expected an integer in [0, 5] (unlearn.scrub.epochs is 5)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ScrubOptions(
        TrainingOptions.constant("unlearn.scrub", 5, 0.01f), 2, 16, 0f, 0.001f, 0.99f));
    assertEquals("unlearn.scrub.temperature = 0.0: expected a finite number > 0", e.getMessage());
    assertEquals(UnlearningMethodKind.SCRUB, Choice.parse(UnlearningMethodKind.class, "scrub", "unlearn.methods"));
    assertEquals("SCRUB", UnlearningMethodKind.SCRUB.withDefaults().name());
  }
}
