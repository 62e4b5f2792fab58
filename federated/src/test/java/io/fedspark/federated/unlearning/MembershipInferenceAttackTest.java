package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The membership-inference attacker: features by hand, and separation on a memorising model. */
class MembershipInferenceAttackTest {

  /** n examples of d Gaussian features with labels drawn uniformly, independent of the features. */
  private static LabeledDataset noise(String name, int n, int d, int classes, long seed) {
    SplittableRandom r = SeedSequence.root(seed).derive(name).random();
    float[] x = new float[n * d];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) r.nextGaussian();
      }
      y[i] = r.nextInt(classes);
    }
    return LabeledDataset.of(name, new int[] {d}, x, y, classes);
  }

  @Test
  void featuresMatchHandComputedValues() {
    double[] p = {0.7, 0.2, 0.1};
    assertEquals(0.2, MiaFeature.CONFIDENCE.of(p, 0, 3, 1), 1e-15);
    double entropy = -(0.7 * Math.log(0.7) + 0.2 * Math.log(0.2) + 0.1 * Math.log(0.1));
    assertEquals(entropy, MiaFeature.ENTROPY.of(p, 0, 3, 1), 1e-15);
    // Song and Mittal: -(1 - p_y) log p_y - sum_{c != y} p_c log(1 - p_c), here y = 0
    double mentr = -(0.3 * Math.log(0.7)) - 0.2 * Math.log(0.8) - 0.1 * Math.log(0.9);
    assertEquals(mentr, MiaFeature.MODIFIED_ENTROPY.of(p, 0, 3, 0), 1e-15);
    // p_y = 0 takes log(1e-30) instead of -infinity
    double[] certainWrong = {0, 1};
    assertEquals(-Math.log(1e-30) - 1 * Math.log(1e-30),
        MiaFeature.MODIFIED_ENTROPY.of(certainWrong, 0, 2, 0), 1e-9);
    assertEquals(MiaFeature.MODIFIED_ENTROPY, Choice.parse(MiaFeature.class, " Modified-Entropy ", "unlearn.mia.feature"));
    var e = assertThrows(IllegalArgumentException.class, () -> Choice.parse(MiaFeature.class, "loss", "unlearn.mia.feature"));
    assertEquals("unlearn.mia.feature = 'loss': expected one of confidence | entropy | modified-entropy",
        e.getMessage());
  }

  @Test
  void logisticAttackerSeparatesSeparableFeatures() {
    MiaResult r = MembershipInferenceAttack.attack(new double[] {0.9, 0.95, 0.99, 1.0}, new double[] {0.1, 0.3, 0.2},
        new double[] {0.98, 0.15, 0.25, 0.97}, MiaFeature.CONFIDENCE);
    assertEquals(1.0, r.shadowAccuracy());
    assertEquals(0.5, r.efficacy());
    assertEquals("logistic-regression", r.attacker());
    assertEquals(List.of(4, 3, 4), List.of(r.members(), r.nonMembers(), r.targets()));
    assertThrows(IllegalArgumentException.class,
        () -> MembershipInferenceAttack.attack(new double[0], new double[] {1}, new double[] {1}, MiaFeature.ENTROPY));
  }

  /**
   * A model that memorised random labels: its members are confidently right, non-members are at
   * chance (10 classes, so a confident guess is right 10% of the time). Every feature must flag
   * held-out members as members (efficacy at most 0.1, where 0 is perfect) and held-out non-members
   * as non-members (at least 0.8, where 1 is perfect). Observed: 0.0 on members for all three
   * features; 0.975 (confidence), 0.888 (entropy, label-blind, fooled by confident wrong
   * guesses), 0.938 (modified entropy) on non-members.
   */
  @Test
  void attackerSeparatesMembersFromNonMembersOfAnOverfitModel() {
    ModelSpec spec = ModelSpec.parse("mlp:16-128-10");
    LabeledDataset members = noise("members", 160, 16, 10, 1);
    LabeledDataset shadowMembers = members.head(80);
    LabeledDataset heldOutMembers = members.subset(ForgetSets.complement(160, range(80)), "held-out-members");
    LabeledDataset nonMembers = noise("non-members", 80, 16, 10, 2);
    LabeledDataset heldOutNonMembers = noise("held-out-non-members", 80, 16, 10, 3);
    TrainingOptions overfit = new TrainingOptions("test.overfit", 300, 16, 0.05f, 0.9f, 0f, List.of(), 1);
    float[] params = SgdTrainer.trainFromScratch(spec, members, overfit, SeedSequence.root(4));
    for (MiaFeature feature : MiaFeature.values()) {
      MiaResult onMembers = MembershipInferenceAttack.efficacy(spec, params, shadowMembers, nonMembers, heldOutMembers,
          feature, SeedSequence.root(5));
      MiaResult onNonMembers = MembershipInferenceAttack.efficacy(spec, params, shadowMembers, nonMembers,
          heldOutNonMembers, feature, SeedSequence.root(5));
      System.out.printf("%s: shadow accuracy %.3f, efficacy on held-out members %.3f, on non-members %.3f%n", feature,
          onMembers.shadowAccuracy(), onMembers.efficacy(), onNonMembers.efficacy());
      assertTrue(onMembers.efficacy() <= 0.1, feature + ": efficacy on members " + onMembers.efficacy());
      assertTrue(onNonMembers.efficacy() >= 0.8, feature + ": efficacy on non-members " + onNonMembers.efficacy());
      assertEquals(80, onMembers.members());
    }
  }

  private static int[] range(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }
}
