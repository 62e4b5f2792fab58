package io.fedspark.jobs.train;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.engine.FaultInjection;
import io.fedspark.federated.train.DataParallelOptions;
import io.fedspark.federated.train.DataParallelTraining;
import io.fedspark.federated.train.EpochDriver;
import io.fedspark.federated.train.PartitionStep;
import io.fedspark.federated.train.TrainCheckpoint;
import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.data.ShardSet;
import io.fedspark.jobs.data.Sharding;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The one path from a validated table to trained parameters of data-parallel training on the
 * native engine, shared by {@code fedspark train} ({@link TrainJob}) and the Spark ML estimator
 * {@code io.fedspark.ml.NeuralNetClassifier}: the training rows cut into {@code train.partitions}
 * partitions in the seeded order of their row keys ({@link Sharding#partitions}), the test rows
 * (if any) into evaluation partitions, the initial parameters drawn from
 * {@code (seed, "model-init")}, and {@link DataParallelTraining}'s loop on
 * {@link SparkTrainBackend} ({@code train.exchange = jobs}: one Spark job per synchronisation) or on
 * {@link BarrierEpochDriver} ({@code barrier}: one gang-scheduled stage per epoch). The same table, options and seed give bit-identical parameters
 * whichever caller runs it. Without test rows (Spark ML's {@code fit} trains on every row) no
 * epoch is evaluated.
 */
public final class DataParallelFit {
  private DataParallelFit() {}

  /**
   * What a fit needs besides the table.
   *
   * @param seed the root seed ({@code run.seed})
   * @param hooks test hooks (fault injection, stop after an epoch); {@link TestHooks#NONE} outside tests
   */
  public record Setup(JavaSparkContext jsc, TrainOptions options, MathOptions math, long seed, TestHooks hooks) {}

  /** Receives the loop's events and, first, the training partitions once they are built. */
  public interface Listener extends DataParallelTraining.Listener {
    /** The training partitions are built and cached. */
    default void onPartitions(ShardSet train) {}
  }

  /**
   * A table's training partitions and its test partitions (null without test rows).
   *
   * @param test the test rows in evaluation partitions, or null when the table has none
   */
  public record Shards(ShardSet train, ShardSet test) {
    /** Releases the cached shards. */
    public void release() {
      train.release();
      if (test != null) {
        test.release();
      }
    }
  }

  /**
   * Trains on {@code table} with the native engine from the seeded initial parameters, or
   * continues {@code resumed}.
   *
   * @param resumed a checkpoint of this configuration, or null
   * @param fingerprint identifies the configuration (stored in checkpoints)
   */
  public static DataParallelTraining.Result run(Setup setup, TrainingTable table, TrainCheckpoint resumed,
      String fingerprint, Listener listener) {
    TrainOptions opts = setup.options();
    boolean barrier = opts.exchange() == TrainOptions.Exchange.BARRIER;
    int partitions = opts.training().partitions();
    Shards shards = shards(table, partitions, barrier ? BarrierSlots.tasks(setup.jsc(), partitions) : partitions,
        setup.seed());
    try {
      TestHooks hooks = setup.hooks();
      FaultInjection faults = hooks.faultFraction() > 0 ? new FaultInjection(hooks.faultFraction(), setup.seed())
          : FaultInjection.NONE;
      PartitionStep step = new PartitionStep(opts.model().toString(), opts.training().optimizer(),
          setup.math().backend(), setup.math().blasThreads(), setup.seed(), faults, opts.training().compression());
      SparkTrainBackend backend = new SparkTrainBackend(setup.jsc(), shards.train(), shards.test(), step, opts.model(),
          table.numClasses(), setup.math());
      listener.onPartitions(shards.train());
      EpochDriver epochs = barrier
          ? new BarrierEpochDriver(setup.jsc(), shards.train().rdd(), shards.train().sizes(), opts.training(), step,
              EpochDriver.fromEachStart(opts.training(), backend))
          : EpochDriver.of(opts.training(), backend, resumed);
      return new DataParallelTraining(opts.training(), epochs, backend::evaluate, fingerprint)
          .run(initialParameters(opts.model(), setup.seed()), resumed, listener, hooks::stopsAfter);
    } finally {
      shards.release();
    }
  }

  /**
   * The training rows of {@code table} cut into {@code partitions} partitions in the seeded order
   * of their row keys, and its test rows (if any) into at most as many evaluation partitions.
   */
  static Shards shards(TrainingTable table, int partitions, long seed) {
    return shards(table, partitions, partitions, seed);
  }

  /**
   * {@link #shards(TrainingTable, int, long)} with the training partitions held by {@code tasks}
   * RDD partitions (several per task when a barrier stage has fewer slots than partitions).
   */
  static Shards shards(TrainingTable table, int partitions, int tasks, long seed) {
    if (table.trainRows() < partitions) {
      throw new InvalidConfigException(DataParallelOptions.PARTITIONS.key() + " = " + partitions
          + ": the table has only " + table.trainRows() + " training rows; expected at most one partition per row");
    }
    ShardSet[] both = Sharding.trainAndTest(table, partitions, tasks, (int) Math.min(partitions, table.testRows()),
        seed);
    return new Shards(both[0], both[1]);
  }

  /** The initial parameters of {@code spec} under {@code seed}: drawn from {@code (seed, "model-init")}. */
  static float[] initialParameters(ModelSpec spec, long seed) {
    return Model.create(spec, SeedSequence.root(seed).derive("model-init").seed()).parameters().clone();
  }
}
