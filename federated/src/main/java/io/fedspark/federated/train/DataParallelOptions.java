package io.fedspark.federated.train;

import io.fedspark.federated.compress.CompressionOptions;
import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.config.Setting;

/**
 * The data-parallel training loop's options (keys under {@code train.}, {@code eval.} and
 * {@code checkpoint.}; {@code train.compression.} in {@link CompressionOptions}), shared by every backend that runs {@link DataParallelTraining}.
 *
 * @param mode local SGD or synchronous SGD
 * @param partitions fixed number of data partitions (the result depends on it, not on executors)
 * @param epochs passes over the data
 * @param batchSize local-sgd: minibatch per partition; sync-gradient: the global batch
 * @param localSteps local-sgd: steps per partition between two averagings
 * @param optimizer the optimizer every partition (or the driver) builds
 * @param evalEvery evaluate every k epochs and after the last
 * @param patience early stopping: evaluations without improvement before stopping (0 = off)
 * @param stopMetric the metric early stopping watches
 * @param minDelta the improvement that counts
 * @param checkpointEvery hand a checkpoint to the listener every k epochs (and at the end)
 * @param compression how the partitions' contributions are compressed before the exchange (local SGD's
 *     parameter updates, sync-gradient's gradients)
 */
public record DataParallelOptions(TrainMode mode, int partitions, int epochs, int batchSize, int localSteps,
    OptimizerSpec optimizer, int evalEvery, int patience, StopMetric stopMetric, double minDelta, int checkpointEvery,
    CompressionOptions compression) implements java.io.Serializable {

  /** {@code train.mode}: local-sgd | sync-gradient. */
  public static final Setting<TrainMode> MODE = Setting.choice("train.mode", TrainMode.class, TrainMode.LOCAL_SGD);
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
  /** {@code checkpoint.every}: checkpoint every k epochs. */
  public static final Setting<Integer> CHECKPOINT_EVERY = Setting.integer("checkpoint.every", 1, 1);

  public DataParallelOptions {
    MODE.check(mode);
    PARTITIONS.check(partitions);
    EPOCHS.check(epochs);
    BATCH_SIZE.check(batchSize);
    LOCAL_STEPS.check(localSteps);
    EVAL_EVERY.check(evalEvery);
    PATIENCE.check(patience);
    STOP_METRIC.check(stopMetric);
    MIN_DELTA.check(minDelta);
    CHECKPOINT_EVERY.check(checkpointEvery);
    java.util.Objects.requireNonNull(compression, "compression");
    if (mode == TrainMode.SYNC_GRADIENT && batchSize < partitions) {
      throw InvalidConfigException.of(BATCH_SIZE.key(), batchSize, "at least " + PARTITIONS.key() + " = " + partitions
          + " in sync-gradient mode (the global batch is split over partitions)", null);
    }
  }

  /** The options in {@code c}. */
  public static DataParallelOptions from(ConfigView c) {
    return new DataParallelOptions(c.get(MODE), c.get(PARTITIONS), c.get(EPOCHS), c.get(BATCH_SIZE), c.get(LOCAL_STEPS),
        OptimizerSpec.from(c), c.get(EVAL_EVERY), c.get(PATIENCE), c.get(STOP_METRIC), c.get(MIN_DELTA),
        c.get(CHECKPOINT_EVERY), CompressionOptions.from(c));
  }
}
