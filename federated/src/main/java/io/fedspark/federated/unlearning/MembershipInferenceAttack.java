package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.util.Objects;

/**
 * MIA-efficacy, the privacy metric of unlearning (Jia et al., NeurIPS 2023; Fan et al., ECCV
 * 2024): a membership classifier is trained on a per-example feature ({@link MiaFeature}) of
 * members, a sample of retain examples as large as the test set (all retain examples if there
 * are fewer), drawn from {@code seed.derive("mia-members")}, against non-members, the test set;
 * it is then applied to the forget set, and the efficacy is the fraction of forget examples it
 * predicts non-member. A model that truly forgot its forget set makes them look like test data:
 * high efficacy.
 *
 * <p>The attacker is {@value #ATTACKER}: L2-regularised logistic regression (penalty
 * {@value #L2} on standardised features) fitted by Newton's method, predicting member when
 * {@code P(member) >= 1/2}. The reference uses an RBF-kernel SVC (C = 3); on a one-dimensional
 * feature both are threshold-like classifiers, but the numbers are not interchangeable, which is
 * why every {@link MiaResult} names its attacker.
 */
public final class MembershipInferenceAttack {
  /** The attacker's name in results. */
  public static final String ATTACKER = "logistic-regression";
  /** {@code unlearn.mia-feature}: the attacker's per-example feature. */
  public static final Setting<MiaFeature> FEATURE =
      Setting.choice("unlearn.mia-feature", MiaFeature.class, MiaFeature.CONFIDENCE);
  /** The attacker's L2 penalty. */
  public static final double L2 = 1e-4;

  private MembershipInferenceAttack() {}

  /**
   * MIA-efficacy of the model {@code params} on {@code forget} (see the type's comment).
   *
   * @throws IllegalArgumentException if a set is empty or does not fit the model
   */
  public static MiaResult efficacy(ModelSpec spec, float[] params, LabeledDataset retain, LabeledDataset test,
      LabeledDataset forget, MiaFeature feature, SeedSequence seed) {
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(retain, "retain");
    Objects.requireNonNull(test, "test");
    int k = Math.min(test.size(), retain.size());
    int[] sample = ForgetSets.random(retain.size(), k, seed.derive("mia-members"));
    LabeledDataset members = retain.subset(sample, retain.name() + "-mia-members");
    Model model = Model.fromParameters(spec, params);
    return attack(features(model, members, feature), features(model, test, feature),
        features(model, forget, feature), feature);
  }

  /**
   * Trains the attacker on member and non-member features and attacks the targets.
   *
   * @throws IllegalArgumentException if any of the three is empty
   */
  public static MiaResult attack(double[] members, double[] nonMembers, double[] targets, MiaFeature feature) {
    if (members.length == 0 || nonMembers.length == 0 || targets.length == 0) {
      throw new IllegalArgumentException("membership inference: needs members, non-members and targets, got "
          + members.length + ", " + nonMembers.length + " and " + targets.length);
    }
    int n = members.length + nonMembers.length;
    double[][] x = new double[n][];
    boolean[] member = new boolean[n];
    for (int i = 0; i < members.length; i++) {
      x[i] = new double[] {members[i]};
      member[i] = true;
    }
    for (int i = 0; i < nonMembers.length; i++) {
      x[members.length + i] = new double[] {nonMembers[i]};
    }
    LogisticRegression attacker = LogisticRegression.fit(x, member, L2);
    int right = 0;
    for (int i = 0; i < n; i++) {
      if (attacker.predictsPositive(x[i]) == member[i]) {
        right++;
      }
    }
    int nonMember = 0;
    for (double t : targets) {
      if (!attacker.predictsPositive(new double[] {t})) {
        nonMember++;
      }
    }
    return new MiaResult(ATTACKER, feature, (double) nonMember / targets.length, (double) right / n, members.length,
        nonMembers.length, targets.length);
  }

  /** The feature of every example of {@code data} under {@code model} (inference mode), in order. */
  public static double[] features(Model model, LabeledDataset data, MiaFeature feature) {
    Objects.requireNonNull(feature, "feature");
    SgdTrainer.checkData(model.spec(), data, "membership inference");
    FloatMatrix logits = model.forward(FloatMatrix.wrap(data.features(), 0, data.size(), data.featureCount()));
    int k = logits.ncol();
    float[] out = logits.data();
    double[] p = new double[k];
    double[] f = new double[data.size()];
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
      f[i] = feature.of(p, 0, k, data.label(i));
    }
    return f;
  }
}
