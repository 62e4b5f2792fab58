package io.fedspark.jobs.data;

import io.fedspark.federated.data.DataDirectory;
import io.fedspark.federated.data.DatasetFetcher;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.data.DatasetLoader;
import io.fedspark.federated.data.DatasetSplit;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.jobs.config.DataOptions;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.math.random.Permutations;
import io.fedspark.math.random.SeedSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Finds and reads a dataset for a job on the driver: from the directory the user pointed at
 * ({@code data.<name>}, any Hadoop path) or from the local cache, fetching it first if allowed.
 * Records each file's sha256 in the provenance. Datasets without a test split (digits) get a
 * seeded 20% hold-out.
 */
public final class HadoopDatasetSource {
  /** Fraction held out as the test set of a dataset that has no test split. */
  public static final double HOLDOUT_FRACTION = 0.2;

  private final HadoopFiles files;
  private final DataOptions options;

  public HadoopDatasetSource(HadoopFiles files, DataOptions options) {
    this.files = files;
    this.options = options;
  }

  /**
   * The dataset cache ({@code data.dir}, else {@code $FEDSPARK_DATA}, else the default), refused
   * naming where it came from when it is a file.
   */
  public static java.nio.file.Path cacheDirectory(String configured) {
    java.nio.file.Path cache = DataDirectory.resolve(configured);
    if (java.nio.file.Files.exists(cache) && !java.nio.file.Files.isDirectory(cache)) {
      throw InvalidConfigException.of(DataDirectory.source(configured), cache.toString(),
          "a directory for the dataset cache, but it is a file", null);
    }
    return cache;
  }

  /** The directory a dataset is read from (user path, or the cache, fetched if needed). */
  public Path locate(DatasetId id) {
    var user = options.userPath(id);
    if (user.isPresent()) {
      Path p = new Path(user.get());
      FileSystem fs = files.fileSystem(p);
      try {
        if (!fs.exists(p) || !fs.getFileStatus(p).isDirectory()) {
          throw InvalidConfigException.of("data." + id.configName(), user.get(),
              "an existing directory holding the " + id.configName() + " files " + id.files(), null);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot inspect " + p + ": " + e.getMessage(), e);
      }
      return fs.makeQualified(p);
    }
    DatasetFetcher fetcher = new DatasetFetcher(cacheDirectory(options.cacheDir()));
    if (!fetcher.isCached(id)) {
      if (!options.fetch()) {
        throw InvalidConfigException.of("data.fetch", false,
            "true, or the dataset already in " + fetcher.directoryOf(id)
                + " (run 'fedspark data fetch " + id.configName() + "' or set data." + id.configName() + ")", null);
      }
      try {
        fetcher.fetch(id);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    return new Path(fetcher.directoryOf(id).toUri());
  }

  /** Reads the training and test parts of a dataset and records their checksums. */
  public TrainTest load(DatasetId id, long seed, Provenance provenance) {
    Path dir = locate(id);
    HadoopDatasetDirectory d = new HadoopDatasetDirectory(files.fileSystem(dir), dir);
    TrainTest tt;
    try {
      if (id.splits().contains(DatasetSplit.TRAIN)) {
        tt = new TrainTest(DatasetLoader.load(id, DatasetSplit.TRAIN, d), DatasetLoader.load(id, DatasetSplit.TEST, d));
      } else {
        LabeledDataset all = DatasetLoader.load(id, DatasetSplit.ALL, d);
        tt = holdout(all, HOLDOUT_FRACTION, SeedSequence.root(seed).derive("holdout", id.ordinal()));
        provenance.dataNote(id.configName() + ": seeded " + (int) (100 * HOLDOUT_FRACTION) + "% hold-out as test set");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    d.checksums().forEach(provenance::dataset);
    return tt;
  }

  /** A seeded random split: {@code fraction} of the examples become the test set. */
  static TrainTest holdout(LabeledDataset all, double fraction, SeedSequence seed) {
    int n = all.size();
    int[] idx = Permutations.of(n, seed.random());
    int nTest = (int) Math.round(n * fraction);
    int[] test = Arrays.copyOfRange(idx, 0, nTest);
    int[] train = Arrays.copyOfRange(idx, nTest, n);
    Arrays.sort(test);
    Arrays.sort(train);
    return new TrainTest(all.subset(train, all.name() + "-train"), all.subset(test, all.name() + "-test"));
  }
}
