package io.fedspark.federated.data;

import io.fedspark.math.Choice;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The real datasets fedspark can fetch and read. The configuration name is the only string form;
 * everything inside the code uses the enum.
 */
public enum DatasetId implements Choice {
  /** MNIST handwritten digits, 60,000 train + 10,000 test 28x28 images, raw IDX files. */
  MNIST("mnist", 10,
      List.of(DatasetFile.TRAIN_IMAGES, DatasetFile.TRAIN_LABELS, DatasetFile.TEST_IMAGES,
          DatasetFile.TEST_LABELS),
      List.of(DatasetSplit.TRAIN, DatasetSplit.TEST)),
  /** Zalando's Fashion-MNIST, 60,000 train + 10,000 test 28x28 images, gzipped IDX files. */
  FASHION_MNIST("fashion-mnist", 10,
      List.of(DatasetFile.TRAIN_IMAGES, DatasetFile.TRAIN_LABELS, DatasetFile.TEST_IMAGES,
          DatasetFile.TEST_LABELS),
      List.of(DatasetSplit.TRAIN, DatasetSplit.TEST)),
  /** scikit-learn's 8x8 optical digits, 1,797 examples of 64 values in one CSV, no split. */
  DIGITS("digits", 10, List.of(DatasetFile.DIGITS_CSV), List.of(DatasetSplit.ALL));

  private final String configName;
  private final int numClasses;
  private final List<DatasetFile> files;
  private final List<DatasetSplit> splits;

  DatasetId(String configName, int numClasses, List<DatasetFile> files, List<DatasetSplit> splits) {
    this.configName = configName;
    this.numClasses = numClasses;
    this.files = files;
    this.splits = splits;
  }

  /** @return the name used in configuration files and as the cache directory name */
  public String configName() {
    return configName;
  }

  /** @return the number of classes; labels lie in {@code [0, numClasses)} */
  public int numClasses() {
    return numClasses;
  }

  /** @return the files the dataset consists of */
  public List<DatasetFile> files() {
    return files;
  }

  /** @return the splits that can be loaded */
  public List<DatasetSplit> splits() {
    return splits;
  }

  /** @return the configuration name */
  @Override
  public String toString() {
    return configName;
  }
}
