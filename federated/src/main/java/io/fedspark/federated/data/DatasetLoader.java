package io.fedspark.federated.data;

import java.io.IOException;
import java.io.InputStream;

/**
 * Loads one split of a dataset from a {@link DatasetDirectory} with the matching reader: {@link
 * IdxReader} for MNIST and Fashion-MNIST, {@link DigitsCsvReader} for the digits. Files may be
 * plain or gzipped under either name (see {@link DatasetFiles#locate}). The dataset is named
 * {@code <configName>-train}, {@code <configName>-test}, or {@code <configName>} for {@link
 * DatasetSplit#ALL}.
 */
public final class DatasetLoader {

  private DatasetLoader() {}

  /**
   * Loads a split.
   *
   * @param dataset which dataset
   * @param split one of {@link DatasetId#splits()}
   * @param directory where its files are
   * @return the examples, features scaled to [0, 1]
   * @throws java.io.FileNotFoundException if a file is missing
   * @throws DatasetFormatException if a file is malformed
   * @throws IOException if reading fails
   */
  public static LabeledDataset load(DatasetId dataset, DatasetSplit split, DatasetDirectory directory)
      throws IOException {
    if (!dataset.splits().contains(split)) {
      throw new IllegalArgumentException(
          dataset + " has no " + split + " split: expected one of " + dataset.splits()
              + (split == DatasetSplit.ALL ? "" : " (load ALL and split it yourself)"));
    }
    DatasetFiles files = DatasetFiles.of(dataset);
    return switch (split) {
      case TRAIN -> loadIdx(dataset, files, directory, DatasetFile.TRAIN_IMAGES,
          DatasetFile.TRAIN_LABELS, dataset.configName() + "-train");
      case TEST -> loadIdx(dataset, files, directory, DatasetFile.TEST_IMAGES,
          DatasetFile.TEST_LABELS, dataset.configName() + "-test");
      case ALL -> loadCsv(dataset, files, directory);
    };
  }

  private static LabeledDataset loadCsv(
      DatasetId dataset, DatasetFiles files, DatasetDirectory directory) throws IOException {
    String csv = files.require(DatasetFile.DIGITS_CSV, directory);
    try (InputStream in = directory.open(csv)) {
      return DigitsCsvReader.read(dataset.configName(), in, directory.describe(csv));
    }
  }

  private static LabeledDataset loadIdx(
      DatasetId dataset,
      DatasetFiles files,
      DatasetDirectory directory,
      DatasetFile imagesFile,
      DatasetFile labelsFile,
      String name)
      throws IOException {
    String images = files.require(imagesFile, directory);
    String labels = files.require(labelsFile, directory);
    try (InputStream imagesIn = directory.open(images);
        InputStream labelsIn = directory.open(labels)) {
      return IdxReader.readDataset(
          name, imagesIn, directory.describe(images), labelsIn, directory.describe(labels),
          dataset.numClasses());
    }
  }
}
