package io.fedspark.federated.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SHA-256 of each file of a dataset directory, for provenance: a result file that records
 * these digests says exactly which bytes it was computed from.
 */
public final class DatasetChecksums {

  private DatasetChecksums() {}

  /**
   * Digests every file of a dataset.
   *
   * @param dataset which dataset the directory holds
   * @param directory the dataset directory; each file may be plain or gzipped under either name
   * @return file name (as found) to lowercase hex SHA-256, in {@link DatasetId#files()} order
   * @throws java.io.FileNotFoundException if a file is missing
   * @throws IOException if a file cannot be read
   */
  public static Map<String, String> compute(DatasetId dataset, Path directory) throws IOException {
    DatasetFiles files = DatasetFiles.of(dataset);
    Map<String, String> digests = new LinkedHashMap<>();
    for (DatasetFile file : dataset.files()) {
      String name = files.require(
          file, n -> Files.isRegularFile(directory.resolve(n)), directory.toString());
      digests.put(name, Sha256.of(directory.resolve(name)));
    }
    return Collections.unmodifiableMap(digests);
  }
}
