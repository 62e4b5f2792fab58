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
import java.util.BitSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SalUn (Fan et al., ICLR 2024) on the 8x8 digits with the MLP 64-32-10, forgetting every
 * training example of class 3: the mask is the top share of the forget-loss gradient, only masked
 * weights move, and the class is forgotten while the rest is kept.
 */
@Tag("line-independent")
class SalUnTest {
  private static UnlearningProblem classThree() {
    LabeledDataset train = Digits.train();
    int[] forget = IntStream.range(0, train.size()).filter(i -> train.labels()[i] == 3).toArray();
    return UnlearningProblem.split(Digits.SPEC, Digits.original(), train, forget, Digits.test());
  }

  @Test
  void maskIsTheTopShareOfTheForgetLossGradient() {
    UnlearningProblem p = classThree();
    int params = p.spec().parameterCount();
    float[] g = SalUn.forgetLossGradient(p, 7, SeedSequence.root(1));
    // the same gradient in one batch (within float rounding of the batch weighting)
    assertArrayEquals(SalUn.forgetLossGradient(p, p.forget().size(), SeedSequence.root(1)), g, 1e-6f);
    // and it is the gradient of the mean forget loss: one batch of all of it, straight from the model
    float[] direct = new float[params];
    LabeledDataset f = p.forget();
    Model.fromParameters(p.spec(), p.originalParams())
        .lossAndGradient(FloatMatrix.wrap(f.features(), 0, f.size(), f.featureCount()), f.labels(), null, direct);
    assertArrayEquals(direct, g, 1e-6f);

    BitSet salient = SalUn.saliencyMask(p, 0.3, 7, SeedSequence.root(1));
    assertEquals(723, salient.cardinality(), "0.3 of " + params);
    assertEquals(2410, params);
    float minSalient = Float.MAX_VALUE;
    float maxOther = 0;
    for (int j = 0; j < params; j++) {
      if (salient.get(j)) {
        minSalient = Math.min(minSalient, Math.abs(g[j]));
      } else {
        maxOther = Math.max(maxOther, Math.abs(g[j]));
      }
    }
    assertTrue(minSalient >= maxOther, "every salient |g| " + minSalient + " >= every other " + maxOther);
    assertEquals(params, SalUn.saliencyMask(p, 1.0, 64, SeedSequence.root(1)).cardinality());
  }

  @Test
  void onlySalientWeightsMoveAndTheClassIsForgotten() {
    UnlearningProblem p = classThree();
    SalUnOptions o = new SalUnOptions();
    float[] unlearned = new SalUn(o).unlearn(p, SeedSequence.root(4));
    BitSet salient = SalUn.saliencyMask(p, o.salientFraction(), o.maskBatchSize(), SeedSequence.root(4));
    float[] original = p.originalParams();
    int moved = 0;
    for (int j = 0; j < original.length; j++) {
      if (!salient.get(j)) {
        assertEquals(Float.floatToRawIntBits(original[j]), Float.floatToRawIntBits(unlearned[j]),
            "non-salient parameter " + j + " must not change (eq. 5)");
      } else if (unlearned[j] != original[j]) {
        moved++;
      }
    }
    assertTrue(moved > salient.cardinality() / 2, moved + " of " + salient.cardinality() + " salient weights moved");

    UnlearningScores before = UnlearningMetrics.score(p, original, new MiaOptions(), SeedSequence.root(9));
    UnlearningScores after = UnlearningMetrics.score(p, unlearned, new MiaOptions(), SeedSequence.root(9));
    float[] rl = new RandomLabels(new RandomLabelsOptions(
        o.training().withKeyPrefix(UnlearningMethodKind.RL.keyPrefix()), o.labels())).unlearn(p, SeedSequence.root(4));
    UnlearningScores rlScores = UnlearningMetrics.score(p, rl, new MiaOptions(), SeedSequence.root(9));
    System.out.printf("forget %d examples: UA %.2f -> SalUn %.2f (RL %.2f); RA %.2f -> %.2f (RL %.2f); "
        + "TA %.2f -> %.2f%n", p.forget().size(), before.ua(), after.ua(), rlScores.ua(), before.ra(), after.ra(),
        rlScores.ra(), before.ta(), after.ta());
    assertTrue(after.ua() > before.ua() + 50, "UA " + after.ua() + " vs original " + before.ua());
    assertTrue(after.ra() > 90, "retain accuracy kept: " + after.ra());
    assertArrayEquals(unlearned, new SalUn(o).unlearn(p, SeedSequence.root(4)), 0f, "same seed, same parameters");
  }

  @Test
  void maskSizeIsTheCeilingOfTheShareWithoutFloatingPointOvershoot() {
    assertEquals(7, SalUn.saliencyCount(0.07, 100), "0.07 * 100 is 7.000000000000001 in double");
    assertEquals(8, SalUn.saliencyCount(0.071, 100));
    assertEquals(1, SalUn.saliencyCount(1e-12, 100), "at least one weight");
    assertEquals(100, SalUn.saliencyCount(1.0, 100));
  }

  @Test
  void worksOnAModelWithDropout() {
    LabeledDataset train = Digits.train();
    int[] forget = IntStream.range(0, train.size()).filter(i -> train.labels()[i] == 3).toArray();
    io.fedspark.math.nn.ModelSpec spec = io.fedspark.math.nn.ModelSpec.parse("mlp:64-32-10:dropout=0.2");
    UnlearningProblem p = UnlearningProblem.split(spec, Model.create(spec, 5).parameters(), train, forget,
        Digits.test());
    SalUnOptions o = new SalUnOptions().withTraining(TrainingOptions.constant("unlearn.salun", 1, 0.01f));
    float[] a = new SalUn(o).unlearn(p, SeedSequence.root(2));
    assertArrayEquals(a, new SalUn(o).unlearn(p, SeedSequence.root(2)), 0f, "dropout masks come from the seed");
  }

  @Test
  void withEveryWeightSalientItIsRandomLabels() {
    UnlearningProblem p = classThree();
    SalUnOptions all = new SalUnOptions().withSalientFraction(1.0);
    for (RandomLabelDraw draw : RandomLabelDraw.values()) {
      float[] salun = new SalUn(all.withLabels(draw)).unlearn(p, SeedSequence.root(6));
      float[] rl = new RandomLabels(new RandomLabelsOptions(
          all.training().withKeyPrefix(UnlearningMethodKind.RL.keyPrefix()), draw)).unlearn(p, SeedSequence.root(6));
      assertArrayEquals(rl, salun, 0f, draw + ": same relabelling, same SGD, nothing frozen");
    }
  }

  @Test
  void optionsAreValidatedWithTheirKeys() {
    var e = assertThrows(IllegalArgumentException.class, () -> new SalUnOptions().withSalientFraction(0));
    assertEquals("unlearn.salun.salient-fraction = 0.0: expected a finite number in (0, 1]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SalUnOptions().withSalientFraction(1.5));
    assertEquals("unlearn.salun.salient-fraction = 1.5: expected a finite number in (0, 1]", e.getMessage());
    assertEquals(UnlearningMethodKind.SALUN, Choice.parse(UnlearningMethodKind.class, "SalUn", "unlearn.methods"));
    assertEquals("SalUn", UnlearningMethodKind.SALUN.withDefaults().name());
    assertEquals("SalUn", UnlearningMethodSettings.defaults().method(UnlearningMethodKind.SALUN).name());
  }
}
