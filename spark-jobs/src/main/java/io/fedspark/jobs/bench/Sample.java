package io.fedspark.jobs.bench;

import java.util.Arrays;

/**
 * The repetitions of one measured rate (work per second, e.g. GFLOPS or examples/s; a repetition
 * is a timed round or epoch of a Spark-level harness, or a JMH measurement iteration), summarised
 * by median, minimum and maximum of the wall-clock rates, the confidence half-width of their mean
 * when JMH computed it, plus two diagnostics for a shared, noisy machine:
 * <ul>
 *   <li>{@code cpuPerWall}: process CPU seconds per wall second while the repetitions ran (about
 *       1.0 for single-threaded work on an otherwise idle core, more if the work used several
 *       threads, less if other processes took the core away);</li>
 *   <li>{@code threadCpuRate}: work per CPU second of the measuring thread, which does not count
 *       the time the thread waited for a core. For single-threaded work it is the rate the code
 *       reaches while it runs; work done on other threads is not counted, so it flatters
 *       multi-threaded work.</li>
 * </ul>
 *
 * @param median median of the repetitions' wall-clock rates: the figure
 * @param min slowest repetition
 * @param max fastest repetition
 * @param repetitions number of repetitions
 * @param cpuPerWall median process CPU seconds per wall second (NaN if the JVM cannot tell)
 * @param threadCpuRate median work per CPU second of the measuring thread (NaN if unavailable)
 * @param error half-width of the 99.9% confidence interval of the mean rate (JMH's score error,
 *     Student's t over the iterations), NaN if not computed
 */
public record Sample(double median, double min, double max, int repetitions, double cpuPerWall, double threadCpuRate,
    double error) {

  public Sample {
    if (repetitions < 1) {
      throw new IllegalArgumentException("a sample needs at least 1 repetition, got " + repetitions);
    }
    if (!(min <= median && median <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
      throw new IllegalArgumentException("sample min " + min + ", median " + median + ", max " + max
          + ": expected finite values with min <= median <= max");
    }
  }

  /** Summarises per-repetition wall-clock rates and diagnostics (arrays of the same positive length). */
  public static Sample of(double[] rates, double[] cpuPerWall, double[] threadCpuRates) {
    if (rates.length == 0 || rates.length != cpuPerWall.length || rates.length != threadCpuRates.length) {
      throw new IllegalArgumentException("sample: " + rates.length + " rates, " + cpuPerWall.length
          + " CPU/wall ratios and " + threadCpuRates.length + " thread CPU rates; expected the same positive number");
    }
    double[] r = rates.clone();
    Arrays.sort(r);
    return new Sample(median(r), r[0], r[r.length - 1], r.length, median(cpuPerWall.clone()),
        median(threadCpuRates.clone()), Double.NaN);
  }

  /** Half the min-to-max range relative to the median: "+-x" as a fraction (0.03 is +-3%). */
  public double spread() {
    return median == 0 ? 0 : (max - min) / 2 / median;
  }

  /** The median of the finite values, NaN if there are none. */
  static double median(double[] values) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    int n = v.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
