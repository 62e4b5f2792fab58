package io.fedspark.federated.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads datasets from a directory of the local file system, such as the one {@link
 * DatasetFetcher#fetch} returns: MNIST and Fashion-MNIST as separate train and test sets, the
 * digits as one set that the caller splits.
 */
public final class LocalDatasetLoader {
  private final Path directory;
  private final DatasetDirectory files;

  /**
   * Creates a loader for one dataset directory.
   *
   * @param directory the directory holding the dataset's files, e.g. {@code <dataDir>/mnist}
   */
  public LocalDatasetLoader(Path directory) {
    this.directory = directory;
    this.files = new DatasetDirectory() {
      @Override
      public boolean exists(String fileName) {
        return Files.isRegularFile(directory.resolve(fileName));
      }

      @Override
      public InputStream open(String fileName) throws IOException {
        return Files.newInputStream(directory.resolve(fileName));
      }

      @Override
      public String describe(String fileName) {
        return fileName.isEmpty() ? directory.toString() : directory.resolve(fileName).toString();
      }
    };
  }

  /** @return the directory this loader reads */
  public Path directory() {
    return directory;
  }

  /**
   * Loads one split.
   *
   * @param dataset which dataset the directory holds
   * @param split {@link DatasetSplit#TRAIN} or {@link DatasetSplit#TEST} for the IDX datasets,
   *     {@link DatasetSplit#ALL} for the digits
   * @return the examples
   * @throws java.io.FileNotFoundException if a file is missing
   * @throws DatasetFormatException if a file is malformed
   * @throws IOException if reading fails
   */
  public LabeledDataset load(DatasetId dataset, DatasetSplit split) throws IOException {
    return DatasetLoader.load(dataset, split, files);
  }
}
