package io.fedspark.federated.train;

import io.fedspark.math.optim.Optimizer;

/**
 * Runs one epoch of training from a state and returns the state after it: fedspark's own engine
 * ({@link #of}: the epoch's synchronisations on a {@link TrainBackend}) or another engine (the DL4J
 * baseline), so that {@link DataParallelTraining}'s evaluation, early stopping and checkpoints are
 * the same for every engine.
 */
@FunctionalInterface
public interface EpochDriver {
  /** Epoch {@code epoch} from {@code start}. */
  EpochRunner.Result run(TrainState start, int epoch, EpochRunner.Progress progress);

  /**
   * fedspark's engine on {@code backend}: {@link EpochRunner}'s synchronisations, with one optimizer
   * for sync-gradient carried across epochs (restored from {@code resumed} when continuing).
   */
  static EpochDriver of(DataParallelOptions options, TrainBackend backend, TrainCheckpoint resumed) {
    Optimizer driver = options.optimizer().create();
    if (resumed != null && options.mode() == TrainMode.SYNC_GRADIENT) {
      resumed.state().restoreInto(driver);
    }
    EpochRunner runner = new EpochRunner(options, backend.partitionSizes());
    return (start, epoch, progress) -> runner.run(start, epoch, backend, driver, progress);
  }

  /**
   * fedspark's engine on {@code backend} with nothing carried between epochs: each epoch runs from
   * a copy of its start state, sync-gradient's optimizer restored from it, as every task of a gang
   * does ({@link GangEpoch}). The result is bit-identical to {@link #of}'s, so an epoch a gang
   * could not run (too few task slots) runs here instead and the model does not change.
   */
  static EpochDriver fromEachStart(DataParallelOptions options, TrainBackend backend) {
    EpochRunner runner = new EpochRunner(options, backend.partitionSizes());
    return (start, epoch, progress) -> GangEpoch.fromStart(runner, options, start, epoch, backend, progress);
  }
}
