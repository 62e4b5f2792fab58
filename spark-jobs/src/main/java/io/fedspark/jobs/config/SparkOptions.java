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
 * @param masterConnectTimeout seconds to wait for a standalone master ({@code spark://}) to accept a
 *     connection before the session is started ({@link io.fedspark.jobs.MasterProbe})
 * @param passThrough the other {@code spark.*} settings, by full Spark key
 */
public record SparkOptions(String appName, String master, int masterConnectTimeout, Map<String, String> passThrough) {
  /** {@code spark.app-name}. */
  public static final Setting<String> APP_NAME = Setting.string("spark.app-name", "fedspark");
  /** {@code spark.master}: used only when spark-submit did not set a master. */
  public static final Setting<String> MASTER = Setting.string("spark.master", "local[2]")
      .where(io.fedspark.jobs.MasterProbe::isMasterUrl, io.fedspark.jobs.MasterProbe.EXPECTED);
  /** {@code spark.master-connect-timeout}: seconds to wait for a standalone master to answer. */
  public static final Setting<Integer> MASTER_CONNECT_TIMEOUT =
      Setting.integer("spark.master-connect-timeout", 10, io.fedspark.federated.config.Bounds.closed(1, 3600));

  public SparkOptions {
    MASTER.check(master);
    MASTER_CONNECT_TIMEOUT.check(masterConnectTimeout);
    passThrough = Map.copyOf(passThrough);
  }

  /** Options with the default master connect timeout. */
  public SparkOptions(String appName, String master, Map<String, String> passThrough) {
    this(appName, master, MASTER_CONNECT_TIMEOUT.defaultValue(), passThrough);
  }

  /** The options in {@code c}; the pass-through settings come from {@link JobConfig#leaves}. */
  public static SparkOptions from(ConfigView c) {
    Map<String, String> extra = new TreeMap<>();
    if (c instanceof JobConfig j) {
      extra.putAll(j.leaves("spark"));
      extra.remove(APP_NAME.key());
      extra.remove(MASTER.key());
      extra.remove(MASTER_CONNECT_TIMEOUT.key());
    }
    return new SparkOptions(c.get(APP_NAME), c.get(MASTER), c.get(MASTER_CONNECT_TIMEOUT), extra);
  }

  /** Whether {@code key} is one Spark validates itself (a {@code spark.*} key other than ours). */
  public static boolean isPassThrough(String key) {
    return key.startsWith("spark.") && !key.equals(APP_NAME.key()) && !key.equals(MASTER.key())
        && !key.equals(MASTER_CONNECT_TIMEOUT.key());
  }
}
