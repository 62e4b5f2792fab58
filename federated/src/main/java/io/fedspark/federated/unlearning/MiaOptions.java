package io.fedspark.federated.unlearning;

import java.io.Serializable;

/**
 * Settings of the membership-inference attack behind MIA-efficacy ({@link MembershipInferenceAttack}).
 * The defaults are the reference's (Fan et al., ECCV 2024, {@code SVC_MIA.py}): the confidence
 * feature and the RBF SVC.
 *
 * @param feature what the attacker sees per example ({@value #FEATURE}, default confidence)
 * @param attacker the classifier ({@value #ATTACKER}, default svc)
 */
public record MiaOptions(MiaFeature feature, MiaAttacker attacker) implements Serializable {
  public static final String FEATURE = "unlearn.mia-feature";
  public static final String ATTACKER = "unlearn.mia-attacker";

  public MiaOptions {
    if (feature == null) {
      throw new IllegalArgumentException(FEATURE + " is missing, expected one of confidence, entropy, "
          + "modified-entropy, correctness, probabilities");
    }
    if (attacker == null) {
      throw new IllegalArgumentException(ATTACKER + " is missing, expected svc or logistic-regression");
    }
  }

  /** The reference attack: confidence feature, RBF SVC. */
  public MiaOptions() {
    this(MiaFeature.CONFIDENCE, MiaAttacker.SVC);
  }

  public MiaOptions withFeature(MiaFeature value) {
    return new MiaOptions(value, attacker);
  }

  public MiaOptions withAttacker(MiaAttacker value) {
    return new MiaOptions(feature, value);
  }
}
