package io.fedspark.federated.data;

/**
 * Which part of a dataset to load. MNIST and Fashion-MNIST ship a fixed {@link #TRAIN} / {@link
 * #TEST} split; the digits ship as one file, {@link #ALL}, which the caller splits.
 */
public enum DatasetSplit {
  /** The published training examples. */
  TRAIN,
  /** The published test examples. */
  TEST,
  /** Every example of a dataset that has no published split. */
  ALL
}
