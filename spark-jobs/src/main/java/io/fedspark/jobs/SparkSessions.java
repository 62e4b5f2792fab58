package io.fedspark.jobs;

import io.fedspark.jobs.config.SparkOptions;
import io.fedspark.jobs.kryo.FedsparkKryoRegistrator;
import io.fedspark.math.blas.OpenBlasCore;
import io.fedspark.math.blas.OpenBlasCorePolicy;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every fedspark job uses: Kryo with our registrator (every class of ours
 * that travels is registered; Spark SQL's own classes need not be), on the master given by spark-submit or, failing that, the configured one.
 * A session is only started on a master URL of the right form whose standalone master answers
 * ({@link MasterProbe}).
 */
public final class SparkSessions {
  private SparkSessions() {}

  /** The Spark setting that puts OPENBLAS_CORETYPE in every executor's environment. */
  public static final String EXECUTOR_OPENBLAS_CORETYPE = "spark.executorEnv." + OpenBlasCore.ENVIRONMENT_VARIABLE;

  /** Spark SQL's limit on the fields of a plan it prints; fedspark's default unless the user sets it. */
  static final String MAX_TO_STRING_FIELDS = "spark.sql.debug.maxToStringFields";
  private static final String PROACTIVE_REPLICATION = "spark.storage.replication.proactive";

  /** The Spark settings fedspark insists on, applied on top of whatever spark-submit set. */
  public static SparkConf applyRequired(SparkConf conf) {
    return conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        // Not required: Spark SQL's readers send classes of their own (DataType[], rows, file
        // statuses) that only Spark knows; ours are all registered (KryoRegistrationTest checks them
        // with registration required).
        .set("spark.kryo.registrationRequired", "false")
        .set("spark.kryo.registrator", FedsparkKryoRegistrator.class.getName())
        .set("spark.ui.showConsoleProgress", "false")
        // Round and step accumulators (parameter sums) are 1-2 MB: return them directly instead of
        // through the block manager (measured by bench federate: block transfer 9 -> 1 ms/round).
        .set("spark.task.maxDirectResultSize", "8m");
  }

  /**
   * The session of this JVM: on the master spark-submit set or else {@code options.master()}, with
   * the pass-through {@code spark.*} settings of the configuration applied (they win over
   * spark-submit's, as they were given for this run) and then the required ones.
   */
  public static SparkSession getOrCreate(SparkOptions options) {
    return getOrCreate(options, OpenBlasCorePolicy.AUTO);
  }

  /**
   * As {@link #getOrCreate(SparkOptions)}, and with a pinned OpenBLAS kernel set ({@code
   * math.openblas.core}) in every executor's environment: {@code spark.executorEnv.OPENBLAS_CORETYPE},
   * which OpenBLAS reads when an executor loads it (over any other value). It takes effect only when
   * this call starts the session; a session that already runs keeps its executors.
   */
  public static SparkSession getOrCreate(SparkOptions options, OpenBlasCorePolicy openblasCore) {
    SparkConf conf = conf(options, openblasCore);
    if (SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty()) {
      String master = conf.get("spark.master");
      if (!MasterProbe.isMasterUrl(master)) {
        throw io.fedspark.federated.config.InvalidConfigException.of("spark.master", master, MasterProbe.EXPECTED, null);
      }
      MasterProbe.requireReachable(master, options.masterConnectTimeout());
    }
    startedMaster = conf.get("spark.master");
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** The master URL of the last session {@link #getOrCreate} started or joined, for failure messages. */
  private static volatile String startedMaster;

  /** The master URL of the last session {@link #getOrCreate} started or joined, if any. */
  public static java.util.Optional<String> startedMaster() {
    return java.util.Optional.ofNullable(startedMaster);
  }

  /** The configuration {@link #getOrCreate(SparkOptions, OpenBlasCorePolicy)} starts a session with. */
  static SparkConf conf(SparkOptions options, OpenBlasCorePolicy openblasCore) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster(options.master());
    }
    if (!conf.contains("spark.app.name")) {
      conf.setAppName(options.appName());
    }
    options.passThrough().forEach(conf::set);
    if (!conf.contains(MAX_TO_STRING_FIELDS)) {
      // The metrics tables carry the run's flattened configuration as columns (100+): without this,
      // writing them logs a "Truncated the string representation of a plan" warning on every run.
      conf.set(MAX_TO_STRING_FIELDS, "1000");
    }
    if (!conf.contains(PROACTIVE_REPLICATION)) {
      // The cached shards have two replicas: after an executor is lost, Spark copies its blocks again
      // from the survivors to another live executor (if there is one), so a second loss soon after
      // still finds a copy; where none is (2 executors), the shards' lineage rebuilds them.
      conf.set(PROACTIVE_REPLICATION, "true");
    }
    openblasCore.pinnedCore().ifPresent(c -> conf.set(EXECUTOR_OPENBLAS_CORETYPE, c.openblasName()));
    return applyRequired(conf);
  }
}
