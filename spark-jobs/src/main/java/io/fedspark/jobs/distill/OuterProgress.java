package io.fedspark.jobs.distill;

import java.io.Serializable;
import java.util.Locale;

/**
 * Console progress of one distillation run: {@code lines} evenly spaced lines of the form
 * {@code [distill] m=100 seed=1: outer step 300/1000, loss 0.01234 (mean of the last 100), outer
 * gradient norm max 0.0213, 2.1 steps/s, ETA 5m33s} (the largest norm of the window, before any
 * clipping: {@code KrrStDistiller.lastGradientNorm}). Printed by whichever JVM runs the loop (the
 * driver, or an executor whose output a local master shows on the console).
 */
public final class OuterProgress implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String label;
  private final long total;
  private final int lines;
  private transient long startNanos;
  private transient double windowSum;
  private transient int windowCount;
  private transient double windowMaxNorm;

  /**
   * @param label e.g. {@code m=100 seed=1}
   * @param total outer steps of the run
   * @param lines lines to print over the run (0: none)
   */
  public OuterProgress(String label, long total, int lines) {
    this.label = label;
    this.total = total;
    this.lines = lines;
  }

  /** Records that step {@code done} (1-based) finished with {@code loss}; prints on a line boundary. */
  public void step(long done, double loss) {
    step(done, loss, Double.NaN);
  }

  /** As {@link #step(long, double)}, with the step's outer gradient norm (NaN if unknown). */
  public void step(long done, double loss, double gradientNorm) {
    if (startNanos == 0) {
      startNanos = System.nanoTime();
    }
    windowSum += loss;
    windowCount++;
    if (windowCount == 1 || gradientNorm > windowMaxNorm || Double.isNaN(windowMaxNorm)) {
      windowMaxNorm = gradientNorm;
    }
    if (lines == 0) {
      return;
    }
    long every = Math.max(1, total / lines);
    if (done % every != 0 && done != total) {
      return;
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double rate = done / Math.max(seconds, 1e-9);
    long eta = Math.round((total - done) / Math.max(rate, 1e-9));
    System.out.printf(Locale.ROOT, "[distill] %s: outer step %d/%d, loss %.5f (mean of the last %d), outer gradient norm"
        + " max %.4g, %.2f steps/s, ETA %dm%02ds%n", label, done, total, windowSum / windowCount, windowCount,
        windowMaxNorm, rate, eta / 60, eta % 60);
    windowSum = 0;
    windowCount = 0;
  }
}
