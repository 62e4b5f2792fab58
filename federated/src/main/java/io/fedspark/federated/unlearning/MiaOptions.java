package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import java.io.Serializable;

/**
 * Settings of the membership-inference attack behind MIA-efficacy ({@link MembershipInferenceAttack}).
 * The defaults are the reference's (Fan et al., ECCV 2024, {@code SVC_MIA.py}): the confidence
 * feature and the RBF SVC.
 *
 * @param feature what the attacker sees per example ({@code unlearn.mia-feature}, default confidence)
 * @param attacker the classifier ({@code unlearn.mia-attacker}, default svc)
 */
public record MiaOptions(MiaFeature feature, MiaAttacker attacker) implements Serializable {
  /** {@code unlearn.mia-feature}: the attacker's per-example feature. */
  public static final Setting<MiaFeature> FEATURE =
      Setting.choice("unlearn.mia-feature", MiaFeature.class, MiaFeature.CONFIDENCE);
  /** {@code unlearn.mia-attacker}: svc (the reference's RBF SVC) | logistic-regression. */
  public static final Setting<MiaAttacker> ATTACKER =
      Setting.choice("unlearn.mia-attacker", MiaAttacker.class, MiaAttacker.SVC);

  public MiaOptions {
    FEATURE.check(feature);
    ATTACKER.check(attacker);
  }

  /** The reference attack: confidence feature, RBF SVC. */
  public MiaOptions() {
    this(FEATURE.defaultValue(), ATTACKER.defaultValue());
  }

  /** The MIA keys in {@code c}. */
  public static MiaOptions from(ConfigView c) {
    return new MiaOptions(c.get(FEATURE), c.get(ATTACKER));
  }

  public MiaOptions withFeature(MiaFeature value) {
    return new MiaOptions(value, attacker);
  }

  public MiaOptions withAttacker(MiaAttacker value) {
    return new MiaOptions(feature, value);
  }
}
