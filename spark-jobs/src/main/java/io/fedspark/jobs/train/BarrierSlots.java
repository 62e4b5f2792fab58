package io.fedspark.jobs.train;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.train.DataParallelOptions;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The up-front check of {@code train.exchange = barrier}: a barrier stage starts all its tasks at
 * once, one per partition, so Spark must have that many task slots free of dynamic allocation
 * (which Spark refuses for barrier stages). Without the check, Spark would wait for slots, retry
 * and fail minutes later with a message about barrier stages; this one names the numbers first.
 */
final class BarrierSlots {
  /** How long a cluster master gets for its executors to register before the slots are counted. */
  static final long REGISTRATION_WAIT_MS = 30_000;

  private BarrierSlots() {}

  /** Throws (exit 2) unless {@code partitions} tasks can run at once on {@code jsc}. */
  static void require(JavaSparkContext jsc, int partitions) {
    String key = TrainOptions.EXCHANGE.key();
    if (jsc.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
      throw new InvalidConfigException(key + " = barrier cannot run with spark.dynamicAllocation.enabled = true:"
          + " a barrier stage needs its " + partitions + " task slots (" + DataParallelOptions.PARTITIONS.key()
          + ") all at once; disable dynamic allocation or use " + key + " = jobs");
    }
    SparkContext sc = jsc.sc();
    int slots = slots(sc);
    long deadline = System.currentTimeMillis() + (sc.isLocal() ? 0 : REGISTRATION_WAIT_MS);
    while (slots < partitions && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      slots = slots(sc);
    }
    if (slots < partitions) {
      throw new InvalidConfigException(key + " = barrier needs " + DataParallelOptions.PARTITIONS.key() + " = "
          + partitions + " task slots at once, but " + sc.master() + " has " + slots + (sc.isLocal() ? ""
          : " (after waiting " + REGISTRATION_WAIT_MS / 1000 + " s for executors)") + "; set "
          + DataParallelOptions.PARTITIONS.key() + " to at most " + Math.max(1, slots)
          + " (the model depends on it), give Spark more cores, or use " + key + " = jobs");
    }
  }

  /** The task slots of the registered executors, as Spark's own barrier check counts them. */
  static int slots(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }
}
