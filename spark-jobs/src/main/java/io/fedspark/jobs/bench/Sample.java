package io.fedspark.jobs.bench;

import java.util.Arrays;

/**
 * The repetitions of one measured rate (work per second, e.g. GFLOPS or examples/s), summarised
 * by median, minimum and maximum, plus the process CPU time per wall-clock second while they ran
 * (about 1.0 for single-threaded work, about N when N threads are busy).
 *
 * @param median median of the repetitions' rates
 * @param min slowest repetition
 * @param max fastest repetition
 * @param repetitions number of repetitions
 * @param cpuPerWall median of process CPU seconds per wall second over the repetitions
 */
public record Sample(double median, double min, double max, int repetitions, double cpuPerWall) {

  public Sample {
    if (repetitions < 1) {
      throw new IllegalArgumentException("a sample needs at least 1 repetition, got " + repetitions);
    }
    if (!(min <= median && median <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
      throw new IllegalArgumentException("sample min " + min + ", median " + median + ", max " + max
          + ": expected finite values with min <= median <= max");
    }
  }

  /** Summarises per-repetition rates and CPU/wall ratios (same length, at least 1). */
  public static Sample of(double[] rates, double[] cpuPerWall) {
    if (rates.length == 0 || rates.length != cpuPerWall.length) {
      throw new IllegalArgumentException("sample: " + rates.length + " rates and " + cpuPerWall.length
          + " CPU/wall ratios; expected the same positive number");
    }
    double[] r = rates.clone();
    Arrays.sort(r);
    return new Sample(median(r), r[0], r[r.length - 1], r.length, median(cpuPerWall.clone()));
  }

  /** Half the min-to-max range relative to the median: "+-x" as a fraction (0.03 is +-3%). */
  public double spread() {
    return median == 0 ? 0 : (max - min) / 2 / median;
  }

  private static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
