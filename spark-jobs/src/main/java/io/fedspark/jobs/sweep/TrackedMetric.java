package io.fedspark.jobs.sweep;

import io.fedspark.federated.config.InvalidConfigException;
import java.util.Locale;

/**
 * A number a sweep tracks per run and compares between sweeps ({@code sweep.metrics}): a headline
 * result of the job (a numeric entry of {@code provenance.json}'s {@code results}, e.g. {@code
 * finalTestAccuracy}) or one the sweep measures itself ({@link #MEASURED}).
 *
 * <p>A change from baseline mean {@code b} to current mean {@code c} is a <em>regression</em> when
 * it goes the wrong way by more than the tolerance: {@code c < b - tol} for {@code higher}-is-better,
 * {@code c > b + tol} for {@code lower}-is-better, where {@code tol} is the absolute tolerance or
 * {@code relative x |b|}.
 *
 * @param name the result name
 * @param direction which way is better
 * @param tolerance the allowed move the wrong way (absolute, or a fraction of the baseline if
 *     {@code relative})
 * @param relative whether {@code tolerance} is a fraction of the baseline mean
 */
public record TrackedMetric(String name, Direction direction, double tolerance, boolean relative) {

  /** Metrics every run has, measured by the sweep runner (not by the job). */
  public static final java.util.List<String> MEASURED =
      java.util.List.of("wall_seconds", "examples_per_second", "driver_peak_heap_mb", "executor_peak_heap_mb");

  /** Which way a metric is better. */
  public enum Direction implements io.fedspark.math.Choice {
    HIGHER,
    LOWER
  }

  public TrackedMetric {
    if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
      throw InvalidConfigException.of("sweep.metrics." + name, name, "a result name of letters, digits and '_' (e.g. finalTestAccuracy)", null);
    }
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw InvalidConfigException.of("sweep.metrics." + name + ".tolerance", tolerance, "a finite number >= 0", null);
    }
  }

  /** The absolute tolerance against a baseline mean. */
  public double allowance(double baseline) {
    return relative ? tolerance * Math.abs(baseline) : tolerance;
  }

  /** Whether moving from {@code baseline} to {@code current} is a regression beyond tolerance. */
  public boolean regressed(double baseline, double current) {
    if (Double.isNaN(baseline) || Double.isNaN(current)) {
      return false;
    }
    double allowed = allowance(baseline);
    return direction == Direction.HIGHER ? current < baseline - allowed : current > baseline + allowed;
  }

  /** "0.02" or "10%". */
  public String toleranceText() {
    return relative ? trim(100 * tolerance) + "%" : trim(tolerance);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
