package io.fedspark.jobs.config;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Spark session a job joins or starts (keys under {@code spark.}): the application name and
 * the master used when spark-submit set none; every other {@code spark.*} key (e.g.
 * {@code --set spark.executor.memory=4g}) is passed through to the session's configuration
 * unchecked, as Spark itself validates its settings.
 *
 * @param appName application name (kept if spark-submit set one)
 * @param master master URL used only when spark-submit set none
 * @param passThrough the other {@code spark.*} settings, by full Spark key
 */
public record SparkOptions(String appName, String master, Map<String, String> passThrough) {
  /** {@code spark.app-name}. */
  public static final Setting<String> APP_NAME = Setting.string("spark.app-name", "fedspark");
  /** {@code spark.master}: used only when spark-submit did not set a master. */
  public static final Setting<String> MASTER = Setting.string("spark.master", "local[2]");

  public SparkOptions {
    passThrough = Map.copyOf(passThrough);
  }

  /** The options in {@code c}; the pass-through settings come from {@link JobConfig#leaves}. */
  public static SparkOptions from(ConfigView c) {
    Map<String, String> extra = new TreeMap<>();
    if (c instanceof JobConfig j) {
      extra.putAll(j.leaves("spark"));
      extra.remove(APP_NAME.key());
      extra.remove(MASTER.key());
    }
    return new SparkOptions(c.get(APP_NAME), c.get(MASTER), extra);
  }

  /** Whether {@code key} is one Spark validates itself (a {@code spark.*} key other than ours). */
  public static boolean isPassThrough(String key) {
    return key.startsWith("spark.") && !key.equals(APP_NAME.key()) && !key.equals(MASTER.key());
  }
}
