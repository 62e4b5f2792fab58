package io.fedspark.jobs.train;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.math.nn.ModelSpec;

/**
 * Options of {@code fedspark train} (keys under {@code train.}, {@code eval.}, {@code checkpoint.}).
 *
 * @param batchSize local-sgd: minibatch per partition; sync-gradient: global batch
 * @param localSteps local-sgd: steps per partition between two averagings
 * @param patience early stopping: evaluations without improvement before stopping (0 = off)
 */
public record TrainOptions(
    DatasetId dataset,
    ModelSpec model,
    Engine engine,
    Mode mode,
    int partitions,
    int epochs,
    int batchSize,
    int localSteps,
    OptimizerSpec optimizer,
    int evalEvery,
    int patience,
    StopMetric stopMetric,
    double minDelta,
    int checkpointEvery,
    double testFaultFraction,
    int testStopAfter) {

  /** Which implementation trains. */
  public enum Engine {
    NATIVE,
    DL4J
  }

  /** How partitions cooperate. */
  public enum Mode {
    LOCAL_SGD,
    SYNC_GRADIENT
  }

  /** The early-stopping metric. */
  public enum StopMetric {
    ACCURACY,
    LOSS
  }

  public TrainOptions {
    if (mode == Mode.SYNC_GRADIENT && batchSize < partitions) {
      throw InvalidConfigException.of("train.batch-size", batchSize,
          "at least train.partitions = " + partitions + " in sync-gradient mode (the global batch is split over partitions)", null);
    }
  }

  public static TrainOptions from(JobConfig c) {
    ModelSpec spec;
    try {
      spec = ModelSpec.parse(c.string("train.model"));
    } catch (IllegalArgumentException e) {
      throw c.invalid("train.model", "a model spec such as mlp:784-200-10 or lenet5 (" + e.getMessage() + ")");
    }
    return new TrainOptions(
        c.choice("train.dataset", DatasetId.class),
        spec,
        c.choice("train.engine", Engine.class),
        c.choice("train.mode", Mode.class),
        c.integer("train.partitions", 1, 100_000),
        c.integer("train.epochs", 1, 100_000),
        c.integer("train.batch-size", 1, 1 << 20),
        c.integer("train.local-steps", 1, 1 << 30),
        OptimizerSpec.from(c),
        c.integer("eval.every", 1, 100_000),
        c.integer("train.early-stopping.patience", 0, 100_000),
        c.choice("train.early-stopping.metric", StopMetric.class),
        c.number("train.early-stopping.min-delta", 0, 1e9),
        c.integer("checkpoint.every", 1, 100_000),
        c.number("train.test-fault-fraction", 0, 0.99),
        c.integer("train.test-stop-after", 0, Integer.MAX_VALUE));
  }
}
