package io.fedspark.jobs.train;

import java.util.Locale;

/**
 * Early stopping on the held-out evaluation, shared by both engines ({@code
 * train.early-stopping.*}): an evaluation improves when its metric (accuracy, or minus the loss)
 * beats the best so far by more than {@code min-delta}; training stops after {@code patience}
 * evaluations without improvement (0 = never). The best metric and the count of stale evaluations
 * are checkpointed, so a resumed run stops where the uninterrupted one would.
 */
final class EarlyStopping {
  private final TrainOptions opts;
  private double best;
  private int stale;

  /** Fresh ({@code cp == null}) or continuing from a checkpoint's bookkeeping. */
  EarlyStopping(TrainOptions opts, TrainCheckpoint cp) {
    this.opts = opts;
    this.best = cp == null ? Double.NaN : cp.bestMetric();
    this.stale = cp == null ? 0 : cp.evalsWithoutImprovement();
  }

  /**
   * Records the epoch's test evaluation ({@code null} if the epoch was not evaluated); returns
   * whether training should stop now.
   */
  boolean update(ConfusionAccumulator eval) {
    if (opts.patience() == 0) {
      return false;
    }
    if (eval != null) {
      double metric = opts.stopMetric() == TrainOptions.StopMetric.ACCURACY ? eval.accuracy() : -eval.meanLoss();
      if (Double.isNaN(best) || metric > best + opts.minDelta()) {
        best = metric;
        stale = 0;
      } else {
        stale++;
      }
    }
    return stale >= opts.patience();
  }

  double best() {
    return best;
  }

  int stale() {
    return stale;
  }

  /** The console line announcing the stop after {@code epoch}. */
  String message(int epoch) {
    return String.format(Locale.ROOT, "[train] early stopping after epoch %d: no %s improvement > %s in %d evaluations",
        epoch, opts.stopMetric().name().toLowerCase(Locale.ROOT), opts.minDelta(), opts.patience());
  }
}
