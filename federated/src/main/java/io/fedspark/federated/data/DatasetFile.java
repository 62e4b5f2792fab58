package io.fedspark.federated.data;

/**
 * The role of one file of a dataset, with its base name (without a {@code .gz} suffix). Which
 * roles a dataset has is {@link DatasetId#files()}; the exact file names, compressed or not, are
 * {@link DatasetFiles}.
 */
public enum DatasetFile {
  /** IDX images of the training split. */
  TRAIN_IMAGES("train-images-idx3-ubyte", DatasetSplit.TRAIN),
  /** IDX labels of the training split. */
  TRAIN_LABELS("train-labels-idx1-ubyte", DatasetSplit.TRAIN),
  /** IDX images of the test split. */
  TEST_IMAGES("t10k-images-idx3-ubyte", DatasetSplit.TEST),
  /** IDX labels of the test split. */
  TEST_LABELS("t10k-labels-idx1-ubyte", DatasetSplit.TEST),
  /** scikit-learn's digits CSV: 64 values then the label per line. */
  DIGITS_CSV("digits.csv", DatasetSplit.ALL);

  private final String baseName;
  private final DatasetSplit split;

  DatasetFile(String baseName, DatasetSplit split) {
    this.baseName = baseName;
    this.split = split;
  }

  /** @return the file name without a {@code .gz} suffix, e.g. {@code train-images-idx3-ubyte} */
  public String baseName() {
    return baseName;
  }

  /** @return the split this file belongs to */
  public DatasetSplit split() {
    return split;
  }
}
