package io.fedspark.federated.unlearning;

import java.util.Objects;

/**
 * What the unlearning methods share (FT, GA, RL, IU, l1-sparse, SalUn, SCRUB, EU-k/CF-k and the
 * retrain baseline, compared as in Jia et al., "Model Sparsity Can Simplify Machine Unlearning",
 * NeurIPS 2023): a name for result rows and an options record read from {@code unlearn.<method>}.
 *
 * @param <O> the method's options record
 */
abstract class ConfiguredMethod<O> implements UnlearningMethod {
  /** The options this method runs with. */
  protected final O options;

  /** @param options the method's options, not null */
  ConfiguredMethod(O options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The options this method runs with. */
  public final O options() {
    return options;
  }
}
