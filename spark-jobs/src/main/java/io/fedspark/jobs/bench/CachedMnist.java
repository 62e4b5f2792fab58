package io.fedspark.jobs.bench;

import io.fedspark.federated.data.DataDirectory;
import io.fedspark.federated.data.DatasetFetcher;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.data.DatasetSplit;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.data.LocalDatasetLoader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * MNIST's training set (LeCun et al. 1998) as the benchmarks use it when it is already in the
 * data cache ({@code FEDSPARK_DATA} or {@code ~/.cache/fedspark/datasets}): never downloaded, so
 * a benchmark does not depend on the network. Either the set of the shape asked for, or the reason
 * it cannot serve (the benchmark then falls back to random rows of that shape and says why).
 *
 * @param train the training set, or null when it cannot serve
 * @param directory where it was read from (null when it is not cached)
 * @param whyNot why it cannot serve, or null when {@code train} is set
 */
record CachedMnist(LabeledDataset train, Path directory, String whyNot) {

  /**
   * Reads the cached training set if it has {@code features} pixels, {@code classes} classes and
   * at least {@code minRows} rows.
   */
  static CachedMnist read(int features, int classes, int minRows) {
    DatasetFetcher fetcher = new DatasetFetcher(DataDirectory.resolve(""));
    if (!fetcher.isCached(DatasetId.MNIST)) {
      return new CachedMnist(null, null, "MNIST is not cached (fedspark data fetch mnist)");
    }
    Path directory = fetcher.directoryOf(DatasetId.MNIST);
    try {
      LabeledDataset train = new LocalDatasetLoader(directory).load(DatasetId.MNIST, DatasetSplit.TRAIN);
      if (train.featureCount() == features && train.numClasses() == classes && train.size() >= minRows) {
        return new CachedMnist(train, directory, null);
      }
      return new CachedMnist(null, directory,
          "MNIST has " + train.featureCount() + " features and " + train.numClasses() + " classes");
    } catch (IOException | RuntimeException e) {
      return new CachedMnist(null, directory, "MNIST could not be read: " + e.getMessage());
    }
  }

  /** Whether the cached set has the shape asked for. */
  boolean usable() {
    return train != null;
  }
}
