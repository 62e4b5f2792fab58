package io.fedspark.jobs.train;

import io.fedspark.federated.train.DataParallelOptions;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tasks of {@code train.exchange = barrier}'s stages, and whether a gang can run now. A
 * barrier stage starts all its tasks at once, so it has one task per task slot at most: with fewer
 * slots than {@code train.partitions}, each task runs several partitions in turn (the same
 * partitions and the same exact sums: the same model). Spark refuses barrier stages under dynamic
 * allocation; the epochs then run as one job per synchronisation ({@link BarrierEpochDriver}).
 */
final class BarrierSlots {
  private static final Logger LOG = LoggerFactory.getLogger(BarrierSlots.class);
  /** How long a cluster master gets for its executors to register before the slots are counted. */
  static final long REGISTRATION_WAIT_MS = 30_000;
  /** Waiting ends early once some slots are registered and their count has not changed for this long. */
  static final long SETTLED_MS = 3_000;

  private BarrierSlots() {}

  /**
   * The number of tasks of the barrier stages for {@code partitions} training partitions:
   * min(partitions, task slots), or {@code partitions} (no grouping) where no gang can run.
   */
  static int tasks(JavaSparkContext jsc, int partitions) {
    if (dynamicAllocation(jsc)) {
      return partitions;
    }
    SparkContext sc = jsc.sc();
    int slots = Math.max(1, awaitSlots(sc, partitions));
    int tasks = Math.min(partitions, slots);
    if (tasks < partitions) {
      LOG.info("{} = barrier: {} = {} partitions run in {} tasks ({} task slots on {}), up to {} partitions per"
          + " task; the model is the same", TrainOptions.EXCHANGE.key(), DataParallelOptions.PARTITIONS.key(),
          partitions, tasks, slots, sc.master(), (partitions + tasks - 1) / tasks);
    }
    return tasks;
  }

  /** Why a gang of {@code tasks} cannot start now, or null if it can. */
  static String unavailable(JavaSparkContext jsc, int tasks) {
    if (dynamicAllocation(jsc)) {
      return "Spark runs no barrier stage under spark.dynamicAllocation.enabled = true";
    }
    int slots = slots(jsc.sc());
    return slots >= tasks ? null : "the gang has " + tasks + " tasks and " + jsc.sc().master() + " " + slots
        + " task slots";
  }

  private static boolean dynamicAllocation(JavaSparkContext jsc) {
    return jsc.getConf().getBoolean("spark.dynamicAllocation.enabled", false);
  }

  /**
   * The task slots once {@code wanted} are registered, or (on a cluster) once the count has settled
   * above zero or {@link #REGISTRATION_WAIT_MS} has passed. Local mode's slots are known at once.
   */
  private static int awaitSlots(SparkContext sc, int wanted) {
    int slots = slots(sc);
    if (sc.isLocal()) {
      return slots;
    }
    long now = System.currentTimeMillis();
    long deadline = now + REGISTRATION_WAIT_MS;
    long changed = now;
    while (slots < wanted && now < deadline && (slots == 0 || now - changed < SETTLED_MS)) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      int next = slots(sc);
      now = System.currentTimeMillis();
      if (next != slots) {
        slots = next;
        changed = now;
      }
    }
    return slots;
  }

  /** The task slots of the registered executors, as Spark's own barrier check counts them. */
  static int slots(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }
}
