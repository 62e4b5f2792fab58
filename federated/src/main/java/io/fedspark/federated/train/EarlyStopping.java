package io.fedspark.federated.train;

import java.util.Locale;

/**
 * Early stopping on the held-out evaluation, shared by both engines ({@code
 * train.early-stopping.*}): an evaluation improves when its metric (accuracy, or minus the loss)
 * beats the best so far by more than {@code min-delta}; training stops after {@code patience}
 * evaluations without improvement (0 = never). The best metric and the count of stale evaluations
 * are checkpointed, so a resumed run stops where the uninterrupted one would.
 */
public final class EarlyStopping {
  private final DataParallelOptions opts;
  private double best;
  private int stale;

  /** Fresh ({@code cp == null}) or continuing from a checkpoint's bookkeeping. */
  public EarlyStopping(DataParallelOptions opts, TrainCheckpoint cp) {
    this.opts = opts;
    this.best = cp == null ? Double.NaN : cp.bestMetric();
    this.stale = cp == null ? 0 : cp.evalsWithoutImprovement();
  }

  /**
   * Records the epoch's test evaluation ({@code null} if the epoch was not evaluated); returns
   * whether training should stop now.
   */
  public boolean update(ConfusionAccumulator eval) {
    if (opts.patience() == 0) {
      return false;
    }
    if (eval != null) {
      double metric = opts.stopMetric() == StopMetric.ACCURACY ? eval.accuracy() : -eval.meanLoss();
      if (Double.isNaN(best) || metric > best + opts.minDelta()) {
        best = metric;
        stale = 0;
      } else {
        stale++;
      }
    }
    return stale >= opts.patience();
  }

  public double best() {
    return best;
  }

  public int stale() {
    return stale;
  }

  /** The console line announcing the stop after {@code epoch}. */
  public String message(int epoch) {
    return String.format(Locale.ROOT, "[train] early stopping after epoch %d: no %s improvement > %s in %d evaluations",
        epoch, opts.stopMetric().name().toLowerCase(Locale.ROOT), opts.minDelta(), opts.patience());
  }
}
