package io.fedspark.jobs.train;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.config.Setting;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.federate.FederateOptions;
import io.fedspark.math.Choice;
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
    int checkpointEvery) {

  /** {@code train.dataset}. */
  public static final Setting<DatasetId> DATASET = Setting.choice("train.dataset", DatasetId.class, DatasetId.MNIST);
  /** {@code train.model}. */
  public static final Setting<ModelSpec> MODEL = FederateOptions.modelSetting("train.model", "mlp:784-200-10");
  /** {@code train.engine}: native (core-math) | dl4j (DL4J Spark ParameterAveragingTrainingMaster). */
  public static final Setting<Engine> ENGINE = Setting.choice("train.engine", Engine.class, Engine.NATIVE);
  /** {@code train.mode}: local-sgd | sync-gradient. */
  public static final Setting<Mode> MODE = Setting.choice("train.mode", Mode.class, Mode.LOCAL_SGD);
  /** {@code train.partitions}: data partitions (not the executor count: results depend on it, not on executors). */
  public static final Setting<Integer> PARTITIONS = Setting.integer("train.partitions", 4, Bounds.closed(1, 100_000));
  /** {@code train.epochs}. */
  public static final Setting<Integer> EPOCHS = Setting.integer("train.epochs", 5, 1);
  /** {@code train.batch-size}: local-sgd: per partition; sync-gradient: the global batch. */
  public static final Setting<Integer> BATCH_SIZE = Setting.integer("train.batch-size", 32, 1);
  /** {@code train.local-steps}: local-sgd steps per partition between two averagings. */
  public static final Setting<Integer> LOCAL_STEPS = Setting.integer("train.local-steps", 50, 1);
  /** {@code eval.every}: evaluate every k epochs (and after the last). */
  public static final Setting<Integer> EVAL_EVERY = Setting.integer("eval.every", 1, 1);
  /** {@code train.early-stopping.patience}: 0 = off. */
  public static final Setting<Integer> PATIENCE = Setting.integer("train.early-stopping.patience", 0, 0);
  /** {@code train.early-stopping.metric}: accuracy | loss. */
  public static final Setting<StopMetric> STOP_METRIC =
      Setting.choice("train.early-stopping.metric", StopMetric.class, StopMetric.ACCURACY);
  /** {@code train.early-stopping.min-delta}. */
  public static final Setting<Double> MIN_DELTA = Setting.number("train.early-stopping.min-delta", 0.0, Bounds.atLeast(0));
  /** {@code checkpoint.every}: checkpoint every k epochs to {@code <run dir>/checkpoint/}. */
  public static final Setting<Integer> CHECKPOINT_EVERY = Setting.integer("checkpoint.every", 1, 1);

  /** Which implementation trains. */
  public enum Engine implements Choice {
    NATIVE,
    DL4J
  }

  /** How partitions cooperate. */
  public enum Mode implements Choice {
    LOCAL_SGD,
    SYNC_GRADIENT
  }

  /** The early-stopping metric. */
  public enum StopMetric implements Choice {
    ACCURACY,
    LOSS
  }

  public TrainOptions {
    if (mode == Mode.SYNC_GRADIENT && batchSize < partitions) {
      throw InvalidConfigException.of(BATCH_SIZE.key(), batchSize, "at least " + PARTITIONS.key() + " = " + partitions
          + " in sync-gradient mode (the global batch is split over partitions)", null);
    }
  }

  /** The options in {@code c}. */
  public static TrainOptions from(ConfigView c) {
    return new TrainOptions(c.get(DATASET), c.get(MODEL), c.get(ENGINE), c.get(MODE), c.get(PARTITIONS), c.get(EPOCHS),
        c.get(BATCH_SIZE), c.get(LOCAL_STEPS), OptimizerSpec.from(c), c.get(EVAL_EVERY), c.get(PATIENCE),
        c.get(STOP_METRIC), c.get(MIN_DELTA), c.get(CHECKPOINT_EVERY));
  }
}
