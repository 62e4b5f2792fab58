package io.fedspark.federated.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * The data-parallel training loop (the data-parallel twin of the federated round loop): per epoch,
 * the backend runs the epoch's synchronisations ({@link EpochRunner}), the test split is evaluated
 * every {@code eval.every} epochs and after the last, early stopping watches the evaluations, and
 * every {@code checkpoint.every} epochs (and at the end or on a stop) the listener receives a
 * checkpoint. Every reduction is exact and order-independent and every random choice derives from
 * (seed, epoch, partition), so the model depends on the configuration and the partitions alone,
 * whatever the backend, the executor count, task order or retries; a run resumed from a checkpoint
 * continues bit-identically.
 */
public final class DataParallelTraining {
  /** Receives what the loop produces. */
  public interface Listener {
    /** Epoch {@code epoch} of {@code epochs} begins. */
    default void onEpochStart(int epoch, int epochs) {}

    /** Progress inside {@code epoch} (see {@link EpochRunner.Progress}). */
    default void onSync(int epoch, int done, int total, double meanLoss, long seen, long epochStartNanos) {}

    /**
     * After each epoch: its metrics, its evaluation (null if not evaluated) and, when due, a
     * checkpoint to store (else null).
     */
    void onEpoch(EpochMetrics metrics, ConfusionAccumulator evaluation, TrainCheckpoint checkpoint, double etaSeconds);

    /** Early stopping ended the run after this epoch; {@code message} says why. */
    default void onEarlyStop(String message) {}
  }

  /**
   * The end of a run.
   *
   * @param params the final parameters
   * @param epochs epochs completed
   * @param evaluation the last test evaluation (null without test data)
   * @param stoppedEarly whether early stopping ended the run
   * @param interrupted whether the stop hook ended it (a checkpoint was handed out first)
   * @param history every epoch's metrics
   */
  public record Result(float[] params, int epochs, ConfusionAccumulator evaluation, boolean stoppedEarly,
      boolean interrupted, List<EpochMetrics> history) {}

  private final DataParallelOptions options;
  private final EpochDriver epochs;
  private final Function<float[], ConfusionAccumulator> evaluator;
  private final String fingerprint;

  /**
   * @param epochs runs one epoch (fedspark's engine: {@link EpochDriver#of})
   * @param evaluator the test-split evaluation of a parameter vector; it returns null when there is
   *     no test data, and no epoch is then evaluated (early stopping needs test data)
   * @param fingerprint identifies the configuration (stored in checkpoints, checked on resume)
   */
  public DataParallelTraining(DataParallelOptions options, EpochDriver epochs,
      Function<float[], ConfusionAccumulator> evaluator, String fingerprint) {
    this.options = options;
    this.epochs = epochs;
    this.evaluator = evaluator;
    this.fingerprint = fingerprint;
  }

  /** fedspark's engine on {@code backend} ({@link EpochDriver#of}), evaluating with the backend. */
  public static DataParallelTraining on(DataParallelOptions options, TrainBackend backend, TrainCheckpoint resumed,
      String fingerprint) {
    return new DataParallelTraining(options, EpochDriver.of(options, backend, resumed), backend::evaluate, fingerprint);
  }

  /**
   * Trains from {@code initial} parameters, or continues {@code resumed}.
   *
   * @param resumed a checkpoint of this configuration, or null
   * @param stopAfter test hook: true for the epoch after which the run stops as if the driver died
   */
  public Result run(float[] initial, TrainCheckpoint resumed, Listener listener, IntPredicate stopAfter) {
    if (resumed != null && !resumed.fingerprint().equals(fingerprint)) {
      throw new IllegalArgumentException("the checkpoint belongs to another configuration (fingerprint "
          + resumed.fingerprint() + ", this run " + fingerprint + "); resume with the configuration it was made with");
    }
    TrainState state = resumed == null ? TrainState.initial(initial) : resumed.state();
    List<EpochMetrics> history = new ArrayList<>(resumed == null ? List.of() : resumed.history());
    EarlyStopping stopping = new EarlyStopping(options, resumed);
    int startEpoch = resumed == null ? 0 : resumed.epoch();
    ConfusionAccumulator lastEval = null;
    long runStart = System.nanoTime();
    for (int epoch = startEpoch + 1; epoch <= options.epochs(); epoch++) {
      listener.onEpochStart(epoch, options.epochs());
      long t0 = System.nanoTime();
      int e = epoch;
      EpochRunner.Result r = epochs.run(state, epoch, (done, total, loss, seen) -> listener.onSync(e, done, total, loss, seen, t0));
      state = r.state();
      double secs = (System.nanoTime() - t0) / 1e9;
      boolean evaluate = epoch % options.evalEvery() == 0 || epoch == options.epochs();
      if (evaluate) {
        ConfusionAccumulator eval = evaluator.apply(state.params());
        evaluate = eval != null;
        lastEval = evaluate ? eval : lastEval;
      }
      EpochMetrics m = new EpochMetrics(epoch, r.steps(), r.lossSum() / r.seen(), (double) r.correct() / r.seen(),
          evaluate ? lastEval.meanLoss() : Double.NaN, evaluate ? lastEval.accuracy() : Double.NaN, r.seen() / secs, secs, r.bytesPerSync());
      history.add(m);
      boolean stop = stopping.update(evaluate ? lastEval : null);
      boolean due = epoch % options.checkpointEvery() == 0 || epoch == options.epochs() || stop;
      TrainCheckpoint cp = due ? new TrainCheckpoint(epoch, fingerprint, state, stopping.best(), stopping.stale(), history)
          : null;
      double eta = (System.nanoTime() - runStart) / 1e9 / (epoch - startEpoch) * (options.epochs() - epoch);
      listener.onEpoch(m, evaluate ? lastEval : null, cp, eta);
      if (stop) {
        listener.onEarlyStop(stopping.message(epoch));
      }
      if (stop || stopAfter.test(epoch)) {
        return finish(state, epoch, lastEval, true, stop, !stop, history);
      }
    }
    return finish(state, Math.max(startEpoch, options.epochs()), lastEval, startEpoch < options.epochs(), false, false,
        history);
  }

  /** @param ran whether this run trained an epoch (its last one was then evaluated, or there is no test data) */
  private Result finish(TrainState state, int epochs, ConfusionAccumulator lastEval, boolean ran, boolean stoppedEarly,
      boolean interrupted, List<EpochMetrics> history) {
    // a checkpoint resumed after its last epoch trains nothing: evaluate its parameters now (null: no test data)
    ConfusionAccumulator eval = ran || interrupted ? lastEval : evaluator.apply(state.params());
    return new Result(state.params(), epochs, eval, stoppedEarly, interrupted, List.copyOf(history));
  }
}
