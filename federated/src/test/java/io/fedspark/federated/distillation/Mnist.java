package io.fedspark.federated.distillation;

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

/** Real MNIST / Fashion-MNIST, fetched once into the data directory and loaded once per JVM. */
final class Mnist {
  private static final Map<DatasetId, Map<DatasetSplit, LabeledDataset>> CACHE = new EnumMap<>(DatasetId.class);

  private Mnist() {}

  static synchronized LabeledDataset load(DatasetId id, DatasetSplit split) {
    return CACHE.computeIfAbsent(id, k -> new EnumMap<>(DatasetSplit.class)).computeIfAbsent(split, s -> {
      try {
        Path dir = new DatasetFetcher(DataDirectory.resolve("")).fetch(id);
        return new LocalDatasetLoader(dir).load(id, s);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The first n examples of the MNIST training split. */
  static LabeledDataset train(int n) {
    return load(DatasetId.MNIST, DatasetSplit.TRAIN).head(n);
  }

  /** Examples [from, from + n) of a split. */
  static LabeledDataset slice(DatasetId id, DatasetSplit split, int from, int n) {
    LabeledDataset all = load(id, split);
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = from + i;
    }
    return all.subset(idx, all.name() + "[" + from + ":" + (from + n) + "]");
  }
}
