package io.fedspark.jobs.report;

import io.fedspark.jobs.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The columns that say which run a metrics row belongs to: {@code run_id} (the run directory's
 * name), {@code job}, {@code seed}, then one string column per configuration key the job reads,
 * named by the key with {@code .} and {@code -} as {@code _} ({@code federate.partition.beta} is
 * {@code federate_partition_beta}), valued as written.
 *
 * @param config key to value, sorted
 */
public record RunColumns(String runId, String job, long seed, Map<String, String> config) {
  public RunColumns {
    config = new TreeMap<>(config);
  }

  /** The run's columns: every key of {@code cfg} that {@code relevant} selects. */
  public static RunColumns of(String runId, String job, long seed, JobConfig cfg, Predicate<String> relevant) {
    Map<String, String> keys = new TreeMap<>();
    for (var e : cfg.typesafe().entrySet()) {
      if (relevant.test(e.getKey())) {
        Object v = e.getValue().unwrapped();
        keys.put(e.getKey(), String.valueOf(v));
      }
    }
    return new RunColumns(runId, job, seed, keys);
  }

  /** The column name of a configuration key. */
  public static String column(String key) {
    return key.replace('.', '_').replace('-', '_');
  }

  StructType schema() {
    StructType s = new StructType().add("run_id", DataTypes.StringType, false).add("job", DataTypes.StringType, false)
        .add("seed", DataTypes.LongType, false);
    for (String k : config.keySet()) {
      s = s.add(column(k), DataTypes.StringType, true);
    }
    return s;
  }

  List<Object> values() {
    List<Object> v = new ArrayList<>(List.of(runId, job, seed));
    v.addAll(config.values());
    return v;
  }
}
