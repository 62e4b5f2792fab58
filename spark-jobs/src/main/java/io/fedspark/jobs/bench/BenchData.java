package io.fedspark.jobs.bench;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.data.DatasetName;

/** The bundled dataset an engine benchmark measures on (its single-thread baselines hold it in memory). */
final class BenchData {
  private BenchData() {}

  /** The preset {@code name} names; {@code table} is refused (use {@code bench data} for tables). */
  static DatasetId preset(DatasetName name, String key) {
    if (name.preset() == null) {
      throw InvalidConfigException.of(key, name.configName(), "a bundled dataset (mnist | fashion-mnist | digits):"
          + " the engine benchmarks hold their data in memory; bench data measures tables", null);
    }
    return name.preset();
  }
}
