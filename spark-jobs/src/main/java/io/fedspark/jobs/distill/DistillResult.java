package io.fedspark.jobs.distill;

import io.fedspark.federated.distillation.DistilledSet;

/**
 * A finished distillation run.
 *
 * @param cell which run
 * @param set the distilled set with its loss curve
 * @param seconds wall time of the run
 * @param initialLabels the labels of the source examples that initialised the set, row by row
 */
public record DistillResult(DistillCell cell, DistilledSet set, double seconds, int[] initialLabels) {
  /** The labels of {@code set}'s initial examples in {@code source}. */
  static int[] initialLabels(DistilledSet set, io.fedspark.federated.data.LabeledDataset source) {
    int[] idx = set.initialIndices();
    int[] labels = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      labels[i] = source.label(idx[i]);
    }
    return labels;
  }
}
