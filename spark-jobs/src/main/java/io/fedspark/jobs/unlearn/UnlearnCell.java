package io.fedspark.jobs.unlearn;

/**
 * One cell of the unlearning audit grid, the unit of work of one Spark task. Enums travel as
 * their configuration names so the record needs no further Kryo registrations.
 *
 * @param index position in the grid (the row order of the results)
 * @param method {@link io.fedspark.federated.unlearning.UnlearningMethodKind#configName()}
 * @param forgetKind {@link io.fedspark.federated.unlearning.ForgetKind#configName()}
 * @param ratio the forget ratio |D_f| / |D|
 * @param seed the configured seed of this experiment (a value of {@code unlearn.seeds})
 * @param experimentSeed the root seed handed to the method and the metrics, derived from
 *     {@code run.seed} and {@code seed}; shared by every method and kind of one (ratio, seed)
 * @param forgetIndices the forget set, indices into the training set, ascending
 */
public record UnlearnCell(int index, String method, String forgetKind, double ratio, long seed, long experimentSeed,
    int[] forgetIndices) {}
