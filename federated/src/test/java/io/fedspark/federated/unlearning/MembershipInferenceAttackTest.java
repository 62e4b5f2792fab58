package io.fedspark.federated.unlearning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The membership-inference attacker: features by hand, and separation on a memorising model. */
@Tag("line-independent")
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
    assertEquals(0.2, MiaFeature.CONFIDENCE.of(p, 3, 1)[0], 1e-15);
    double entropy = -(0.7 * Math.log(0.7) + 0.2 * Math.log(0.2) + 0.1 * Math.log(0.1));
    assertEquals(entropy, MiaFeature.ENTROPY.of(p, 3, 1)[0], 1e-15);
    // Song and Mittal: -(1 - p_y) log p_y - sum_{c != y} p_c log(1 - p_c), here y = 0
    double mentr = -(0.3 * Math.log(0.7)) - 0.2 * Math.log(0.8) - 0.1 * Math.log(0.9);
    assertEquals(mentr, MiaFeature.MODIFIED_ENTROPY.of(p, 3, 0)[0], 1e-15);
    // p_y = 0 takes log(1e-30) instead of -infinity
    double[] certainWrong = {0, 1};
    assertEquals(-Math.log(1e-30) - 1 * Math.log(1e-30), MiaFeature.MODIFIED_ENTROPY.of(certainWrong, 2, 0)[0], 1e-9);
    assertArrayEquals(new double[] {1}, MiaFeature.CORRECTNESS.of(p, 3, 0));
    assertArrayEquals(new double[] {0}, MiaFeature.CORRECTNESS.of(p, 3, 2));
    // a tie goes to the first largest class, as torch.argmax
    assertArrayEquals(new double[] {1}, MiaFeature.CORRECTNESS.of(new double[] {0.4, 0.4, 0.2}, 3, 0));
    assertArrayEquals(new double[] {0}, MiaFeature.CORRECTNESS.of(new double[] {0.4, 0.4, 0.2}, 3, 1));
    assertArrayEquals(p, MiaFeature.PROBABILITIES.of(p, 3, 2));
    assertEquals(10, MiaFeature.PROBABILITIES.dimension(10));
    assertEquals(1, MiaFeature.CORRECTNESS.dimension(10));
    assertEquals(MiaFeature.MODIFIED_ENTROPY, MiaOptions.FEATURE.parse(" Modified-Entropy "));
    var e = assertThrows(IllegalArgumentException.class, () -> MiaOptions.FEATURE.parse("loss"));
    assertEquals("unlearn.mia-feature = 'loss': expected one of confidence | entropy | modified-entropy | correctness | "
        + "probabilities", e.getMessage());
    assertEquals(MiaAttacker.LOGISTIC_REGRESSION, MiaOptions.ATTACKER.parse("Logistic-Regression"));
    e = assertThrows(IllegalArgumentException.class, () -> MiaOptions.ATTACKER.parse("knn"));
    assertEquals("unlearn.mia-attacker = 'knn': expected one of svc | logistic-regression", e.getMessage());
    assertEquals(new MiaOptions(MiaFeature.CONFIDENCE, MiaAttacker.SVC), new MiaOptions());
  }

  private static double[][] column(double... values) {
    double[][] rows = new double[values.length][];
    for (int i = 0; i < values.length; i++) {
      rows[i] = new double[] {values[i]};
    }
    return rows;
  }

  @ParameterizedTest
  @EnumSource(MiaAttacker.class)
  void attackersSeparateSeparableFeatures(MiaAttacker attacker) {
    MiaResult r = MembershipInferenceAttack.attack(column(0.9, 0.95, 0.99, 1.0), column(0.1, 0.3, 0.2),
        column(0.98, 0.15, 0.25, 0.97), new MiaOptions(MiaFeature.CONFIDENCE, attacker));
    assertEquals(1.0, r.shadowAccuracy());
    assertEquals(0.5, r.efficacy());
    assertEquals(attacker, r.attacker());
    assertEquals(List.of(4, 3, 4), List.of(r.members(), r.nonMembers(), r.targets()));
    assertThrows(IllegalArgumentException.class, () -> MembershipInferenceAttack.attack(new double[0][],
        column(1), column(1), new MiaOptions(MiaFeature.ENTROPY, attacker)));
    var e = assertThrows(IllegalArgumentException.class, () -> MembershipInferenceAttack.attack(column(1),
        column(0), new double[][] {{1, 2}}, new MiaOptions(MiaFeature.ENTROPY, attacker)));
    assertEquals("membership inference: feature rows of 2 and 1 numbers, expected one length", e.getMessage());
  }

  /**
   * Where the two attackers differ: members in a band of the feature, non-members on both sides.
   * A threshold (logistic regression on one feature) cannot isolate a band; the RBF SVC can.
   */
  @Test
  void svcFindsABandThatNoThresholdCan() {
    double[] m = new double[40];
    double[] n = new double[40];
    for (int i = 0; i < 40; i++) {
      m[i] = 0.45 + 0.1 * i / 39; // [0.45, 0.55]
      n[i] = i % 2 == 0 ? 0.1 * i / 39 : 0.9 + 0.1 * i / 39; // [0, 0.1] and [0.9, 1]
    }
    double[][] targets = column(0.5, 0.05, 0.95, 0.48);
    MiaResult svc = MembershipInferenceAttack.attack(column(m), column(n), targets, new MiaOptions());
    MiaResult lr = MembershipInferenceAttack.attack(column(m), column(n), targets,
        new MiaOptions().withAttacker(MiaAttacker.LOGISTIC_REGRESSION));
    assertEquals(1.0, svc.shadowAccuracy());
    assertEquals(0.5, svc.efficacy(), "0.5 and 0.48 are members, 0.05 and 0.95 are not");
    assertTrue(lr.shadowAccuracy() <= 0.75, "a threshold gets at most one side right: " + lr.shadowAccuracy());
  }

  /**
   * A model that memorised random labels: its members are confidently right, non-members are at
   * chance (10 classes, so a confident guess is right 10% of the time). Both attackers, on every
   * one-number feature, must flag held-out members as members (efficacy at most 0.1, where 0 is
   * perfect) and held-out non-members as non-members (at least 0.8, where 1 is perfect; 0.7 for
   * the label-blind entropy, which confident wrong guesses fool). Observed (logistic regression /
   * SVC): 0.0 on members for every one; on non-members 0.975 / 0.975 (confidence), 0.888 / 0.763
   * (entropy), 0.938 / 0.950 (modified entropy), - / 0.938 (correctness). The probability vector
   * is left out: label-blind and 10-dimensional, with gamma = 1/10 on points of the simplex the
   * kernel hardly varies, and 160 shadow rows do not teach the SVC much (shadow accuracy 0.64).
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
    for (MiaAttacker attacker : MiaAttacker.values()) {
      for (MiaFeature feature : MiaFeature.values()) {
        if (feature == MiaFeature.PROBABILITIES) {
          continue;
        }
        MiaOptions mia = new MiaOptions(feature, attacker);
        MiaResult onMembers = MembershipInferenceAttack.efficacy(spec, params, shadowMembers, nonMembers,
            heldOutMembers, mia, SeedSequence.root(5));
        MiaResult onNonMembers = MembershipInferenceAttack.efficacy(spec, params, shadowMembers, nonMembers,
            heldOutNonMembers, mia, SeedSequence.root(5));
        System.out.printf("%s %s: shadow accuracy %.3f, efficacy on held-out members %.3f, on non-members %.3f%n",
            attacker, feature, onMembers.shadowAccuracy(), onMembers.efficacy(), onNonMembers.efficacy());
        assertTrue(onMembers.efficacy() <= 0.1, mia + ": efficacy on members " + onMembers.efficacy());
        double nonMemberBound = feature == MiaFeature.ENTROPY ? 0.7 : 0.8;
        assertTrue(onNonMembers.efficacy() >= nonMemberBound, mia + ": efficacy on non-members " + onNonMembers.efficacy());
        assertEquals(80, onMembers.members());
        assertEquals(attacker, onMembers.attacker());
      }
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
