package io.fedspark.federated.engine;

import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.curriculum.CurriculumOptions;
import java.io.Serializable;

/**
 * Everything a client needs for one round except the (broadcast) parameters: the model spec, the
 * local training options, the data curriculum (null for none), the root seed and the round. Small
 * and serialisable: it travels inside the Spark closure.
 *
 * @param modelSpec {@code ModelSpec.toString()}
 * @param training local training options
 * @param curriculum data-level curriculum, or null
 * @param rootSeed the run's root seed; client c in round r trains with
 *     {@code SeedSequence.root(rootSeed).derive("client-train", r, c)}
 * @param round the round, 1-based
 * @param collectUpdates whether the strategy needs each client's parameters (median, trimmed mean)
 * @param cohort the selected client ids, sorted ascending
 */
public record RoundTask(
    String modelSpec,
    LocalTrainingOptions training,
    CurriculumOptions curriculum,
    long rootSeed,
    int round,
    boolean collectUpdates,
    int[] cohort) implements Serializable {

  /** Whether {@code clientId} is in the cohort (binary search: the cohort is sorted). */
  public boolean selects(int clientId) {
    return java.util.Arrays.binarySearch(cohort, clientId) >= 0;
  }
}
