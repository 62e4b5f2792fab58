package io.fedspark.federated.train;

import io.fedspark.math.optim.Optimizer;

/**
 * One epoch of data-parallel training as a sequence of synchronisations over a {@link StepReducer}.
 * Local SGD: the epoch has {@code B = min_p ceil(n_p / batch)} minibatch steps per partition, run as
 * {@code ceil(B / localSteps)} synchronisations that each average parameters and optimizer state.
 * Synchronous SGD: {@code min_p floor(n_p / share_p)} steps, each a global batch whose partitions'
 * gradients are averaged and applied by one optimizer (here, on whichever JVM runs the epoch);
 * under compression the average is of the partitions' compressed gradients, and each
 * partition's residual ({@link PartitionMemory}) is carried from one step to the next and out in
 * the epoch's state.
 * Every partition that runs an epoch computes exactly the same sequence of states, so the loop can
 * run on the driver (one job per synchronisation) or inside every task of a gang-scheduled stage.
 */
public final class EpochRunner {
  /** Receives progress inside an epoch (for console lines). */
  @FunctionalInterface
  public interface Progress {
    /** {@code done} of {@code total} synchronisations; mean training loss and examples so far. */
    void onSync(int done, int total, double meanLoss, long seen);

    /** No progress reports. */
    Progress NONE = (done, total, meanLoss, seen) -> {};
  }

  /**
   * What an epoch did.
   *
   * @param state the state after the epoch
   * @param steps minibatch steps (per partition) of the epoch
   * @param contributions partition contributions the epoch's synchronisations exchanged (0: not measured)
   * @param contributionBytes their encoded bytes ({@link StepContribution#encodedSize})
   */
  public record Result(TrainState state, int steps, double lossSum, long seen, long correct, long contributions,
      long contributionBytes) {
    /** An epoch whose exchange was not measured (another engine). */
    public Result(TrainState state, int steps, double lossSum, long seen, long correct) {
      this(state, steps, lossSum, seen, correct, 0, 0);
    }

    /** Bytes one partition sends per synchronisation, averaged over the epoch (NaN when not measured). */
    public double bytesPerSync() {
      return contributions == 0 ? Double.NaN : (double) contributionBytes / contributions;
    }
  }

  private final DataParallelOptions options;
  private final int[] partitionSizes;

  public EpochRunner(DataParallelOptions options, int[] partitionSizes) {
    this.options = options;
    this.partitionSizes = partitionSizes.clone();
  }

  /**
   * Runs epoch {@code epoch} from {@code start}.
   *
   * @param driverOptimizer sync-gradient's optimizer, carrying its state across epochs (unused by local SGD)
   */
  public Result run(TrainState start, int epoch, StepReducer reducer, Optimizer driverOptimizer, Progress progress) {
    return options.mode() == TrainMode.LOCAL_SGD
        ? localSgd(start, epoch, reducer, progress)
        : syncGradient(start, epoch, reducer, driverOptimizer, progress);
  }

  /** Minibatch steps per partition in a local-SGD epoch: the smallest partition's batch count. */
  public int localSgdSteps() {
    int batches = Integer.MAX_VALUE;
    for (int n : partitionSizes) {
      batches = Math.min(batches, (n + options.batchSize() - 1) / options.batchSize());
    }
    return batches;
  }

  /** Global batches in a sync-gradient epoch: the fewest any partition can fill with its share. */
  public int syncGradientSteps() {
    int steps = Integer.MAX_VALUE;
    for (int p = 0; p < partitionSizes.length; p++) {
      steps = Math.min(steps, partitionSizes[p] / PartitionStep.share(options.batchSize(), options.partitions(), p));
    }
    return steps;
  }

  private Result localSgd(TrainState start, int epoch, StepReducer reducer, Progress progress) {
    int batches = localSgdSteps();
    int syncs = (batches + options.localSteps() - 1) / options.localSteps();
    TrainState state = start;
    double lossSum = 0;
    long seen = 0;
    long correct = 0;
    long contributions = 0;
    long bytes = 0;
    boolean compressed = options.compression().enabled();
    for (int s = 0; s < syncs; s++) {
      int first = s * options.localSteps();
      int count = Math.min(options.localSteps(), batches - first);
      StepAccumulator acc = reducer.localSteps(state, epoch, options.batchSize(), first, count, sync(epoch, s));
      state = compressed ? state.advancedBy(acc) : TrainState.of(acc);
      lossSum += acc.lossSum();
      seen += acc.examples();
      correct += acc.correct();
      contributions += acc.contributions();
      bytes += acc.contributionBytes();
      progress.onSync(s + 1, syncs, lossSum / Math.max(1, seen), seen);
    }
    return new Result(state, batches, lossSum, seen, correct, contributions, bytes);
  }

  private Result syncGradient(TrainState start, int epoch, StepReducer reducer, Optimizer driver, Progress progress) {
    int steps = syncGradientSteps();
    float[] params = start.params();
    // what the partitions see: the parameters (stepped in place) and, under compression, their memories
    TrainState at = new TrainState(params, new String[0], new float[0][], 0, start.memories());
    double lossSum = 0;
    long seen = 0;
    long correct = 0;
    long contributions = 0;
    long bytes = 0;
    for (int b = 0; b < steps; b++) {
      StepAccumulator acc = reducer.gradient(at, epoch, options.batchSize(), options.partitions(), b, sync(epoch, b));
      driver.step(params, acc.meanVector());
      at = at.withMemories(acc.kept());
      lossSum += acc.lossSum();
      seen += acc.examples();
      correct += acc.correct();
      contributions += acc.contributions();
      bytes += acc.contributionBytes();
      if ((b + 1) % Math.max(1, steps / 10) == 0 || b + 1 == steps) {
        progress.onSync(b + 1, steps, lossSum / Math.max(1, seen), seen);
      }
    }
    TrainState end = TrainState.of(params, driver).withMemories(java.util.List.of(at.memories()));
    return new Result(end, steps, lossSum, seen, correct, contributions, bytes);
  }

  /** The synchronisation's number in the run: unique per (epoch, index). */
  static int sync(int epoch, int index) {
    return epoch * 1_000_000 + index;
  }
}
