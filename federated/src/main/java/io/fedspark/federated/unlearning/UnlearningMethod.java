package io.fedspark.federated.unlearning;

import io.fedspark.math.random.SeedSequence;

/**
 * A machine-unlearning method: from the original model and the retain/forget split of an
 * {@link UnlearningProblem}, the parameters of a model that should behave as if it had been
 * trained on the retain set only. Implementations draw every random choice from {@code seed}
 * (derived children such as {@code seed.derive("shuffle", epoch)}), never modify the problem's
 * arrays, and return a new array: same problem and seed, bit-identical result on the same math
 * backend. The methods evaluated by Fan et al., "Challenging Forgets: Unveiling the Worst-Case
 * Forget Sets in Machine Unlearning" (ECCV 2024) are listed in {@link UnlearningMethodKind}.
 */
public interface UnlearningMethod {
  /** Short name for results and logs, e.g. {@code "FT"} or {@code "EU-1"}. */
  String name();

  /**
   * The unlearned parameters.
   *
   * @throws IllegalArgumentException if the problem does not fit the method's options (e.g. k
   *     larger than the number of layers), naming the option
   */
  float[] unlearn(UnlearningProblem problem, SeedSequence seed);
}
