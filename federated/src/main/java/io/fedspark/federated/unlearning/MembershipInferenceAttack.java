package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.Objects;

/**
 * MIA-efficacy, the privacy metric of unlearning, as the reference computes it ({@code SVC_MIA}
 * with {@code target_train=None, target_test=forget} in {@code main_forget.py} of Jia et al.,
 * NeurIPS 2023, and {@code main_evalmu.py} of Fan et al., ECCV 2024):
 * <ol>
 *   <li>shadow members: |test| retain examples (all retain examples if there are fewer), label 1;
 *       shadow non-members: the whole test set, label 0;</li>
 *   <li>per example, a feature of the model's softmax output and the true label
 *       ({@link MiaFeature}, inference mode);</li>
 *   <li>an attacker ({@link MiaAttacker}; the reference's is an RBF SVC with C = 3, gamma = 1/d)
 *       is fitted on the shadow rows, members first;</li>
 *   <li>it is applied to the forget set: MIA-efficacy is the fraction of forget examples it
 *       predicts non-member ({@code 1 - mean(predict(forget))}). A model that truly forgot its
 *       forget set makes them look like test data: high efficacy.</li>
 * </ol>
 * The one difference: the reference takes the first |test| retain examples in training-set order
 * (a random sample only because its training sets come shuffled), we draw them uniformly from
 * {@code seed.derive("mia-members")}, because our retain sets are not always in random order
 * (a federated client's retain set is the other clients' data, client after client).
 */
public final class MembershipInferenceAttack {
  /** The SVC attacker's penalty C, the reference's. */
  public static final double SVC_C = 3;
  /** The logistic-regression attacker's L2 penalty. */
  public static final double L2 = 1e-4;

  private MembershipInferenceAttack() {}

  /**
   * MIA-efficacy of the model {@code params} on {@code forget} (see the type's comment).
   *
   * @throws IllegalArgumentException if a set is empty or does not fit the model
   */
  public static MiaResult efficacy(ModelSpec spec, float[] params, LabeledDataset retain, LabeledDataset test,
      LabeledDataset forget, MiaOptions options, SeedSequence seed) {
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(retain, "retain");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(options, "options");
    int k = Math.min(test.size(), retain.size());
    int[] sample = ForgetSets.random(retain.size(), k, seed.derive("mia-members"));
    LabeledDataset members = retain.subset(sample, retain.name() + "-mia-members");
    Model model = Model.fromParameters(spec, params);
    MiaFeature feature = options.feature();
    return attack(features(model, members, feature), features(model, test, feature),
        features(model, forget, feature), options);
  }

  /**
   * Fits the attacker on member and non-member feature rows and attacks the targets.
   *
   * @throws IllegalArgumentException if any of the three is empty or the rows differ in length
   */
  public static MiaResult attack(double[][] members, double[][] nonMembers, double[][] targets, MiaOptions options) {
    Objects.requireNonNull(options, "options");
    if (members.length == 0 || nonMembers.length == 0 || targets.length == 0) {
      throw new IllegalArgumentException("membership inference: needs members, non-members and targets, got "
          + members.length + ", " + nonMembers.length + " and " + targets.length);
    }
    int n = members.length + nonMembers.length;
    double[][] x = new double[n][];
    boolean[] member = new boolean[n];
    System.arraycopy(members, 0, x, 0, members.length);
    System.arraycopy(nonMembers, 0, x, members.length, nonMembers.length);
    Arrays.fill(member, 0, members.length, true);
    int d = x[0].length;
    for (double[][] rows : new double[][][] {x, targets}) {
      for (double[] row : rows) {
        if (row.length != d) {
          throw new IllegalArgumentException("membership inference: feature rows of " + row.length + " and " + d
              + " numbers, expected one length");
        }
      }
    }
    BinaryClassifier attacker = options.attacker().fit(x, member);
    int right = 0;
    for (int i = 0; i < n; i++) {
      if (attacker.predictsPositive(x[i]) == member[i]) {
        right++;
      }
    }
    int nonMember = 0;
    for (double[] t : targets) {
      if (!attacker.predictsPositive(t)) {
        nonMember++;
      }
    }
    return new MiaResult(options.attacker(), options.feature(), (double) nonMember / targets.length,
        (double) right / n, members.length, nonMembers.length, targets.length);
  }

  /** The feature rows of every example of {@code data} under {@code model} (inference mode), in order. */
  public static double[][] features(Model model, LabeledDataset data, MiaFeature feature) {
    Objects.requireNonNull(feature, "feature");
    SgdTrainer.checkData(model.spec(), data, "membership inference");
    FloatMatrix logits = model.forward(FloatMatrix.wrap(data.features(), 0, data.size(), data.featureCount()));
    int k = logits.ncol();
    float[] out = logits.data();
    double[] p = new double[k];
    double[][] f = new double[data.size()][];
    for (int i = 0; i < f.length; i++) {
      int o = logits.offset() + i * k;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, out[o + c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        p[c] = Math.exp(out[o + c] - max);
        sum += p[c];
      }
      for (int c = 0; c < k; c++) {
        p[c] /= sum;
      }
      f[i] = feature.of(p, k, data.label(i));
    }
    return f;
  }
}
