package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;

/**
 * The classifier of the membership-inference attack ({@link MembershipInferenceAttack}), fitted
 * on member and non-member features. Every {@link MiaResult} names the one that produced it: the
 * two give different MIA-efficacy numbers on the same model.
 */
public enum MiaAttacker implements Choice {
  /**
   * The reference attacker: scikit-learn's {@code SVC(C=3, gamma="auto", kernel="rbf")} of
   * {@code SVC_MIA.py} (Jia et al., NeurIPS 2023; Fan et al., ECCV 2024), here LIBSVM's RBF
   * C-SVC ({@link RbfSvc}) with C = {@value MembershipInferenceAttack#SVC_C} and gamma = 1/d for d
   * features. Training costs O(n^2) kernel evaluations and more for n = 2 |test| rows.
   */
  SVC("svc"),
  /**
   * L2-regularised logistic regression (penalty {@value MembershipInferenceAttack#L2} on
   * standardised features) fitted by Newton's method, predicting member when
   * {@code P(member) >= 1/2}: fedspark's earlier attacker, a linear (on one feature: threshold)
   * classifier, linear in n.
   */
  LOGISTIC_REGRESSION("logistic-regression");

  private final String configName;

  MiaAttacker(String configName) {
    this.configName = configName;
  }

  /** The spelling in configuration files ({@code unlearn.mia-attacker}) and result rows. */
  public String configName() {
    return configName;
  }

  /** Fits this attacker on rows of d features, members positive. */
  BinaryClassifier fit(double[][] x, boolean[] member) {
    return switch (this) {
      case SVC -> RbfSvc.fit(x, member, MembershipInferenceAttack.SVC_C, 1.0 / x[0].length);
      case LOGISTIC_REGRESSION -> LogisticRegression.fit(x, member, MembershipInferenceAttack.L2);
    };
  }
}
