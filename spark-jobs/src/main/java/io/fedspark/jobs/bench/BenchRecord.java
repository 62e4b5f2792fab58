package io.fedspark.jobs.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One figure of a benchmark: a measured value, the baseline it is compared with (measured in the
 * same run), and their ratio {@code value / baselineValue}. Every value is a rate where more is
 * better (GFLOPS, examples/s), so a ratio above 1 means the subject is faster than the baseline.
 *
 * @param name what was measured, e.g. {@code "gemm 64x784x200: core native"}
 * @param value the subject's rate: the median of its repetitions, or JMH's score (the mean of its
 *     measurement iterations)
 * @param unit unit of both values, e.g. {@code "GFLOPS"}
 * @param baseline what the value is compared with, e.g. {@code "raw cblas_sgemm"}
 * @param baselineValue the baseline's rate, measured the same way, in the same unit
 * @param ratio {@code value / baselineValue}
 * @param targetRatio the ratio the issue asks for (the figure passes at or above it), or null
 * @param valueSample the subject's repetitions (spread), or null if the value was derived
 * @param baselineSample the baseline's repetitions, or null if the baseline was derived (e.g. the
 *     GEMM-only bound)
 * @param details named supporting numbers (e.g. the raw GEMM rate at each shape of a bound), in order
 * @param cpuRatio the same ratio computed from rates per CPU second of the measuring thread
 *     ({@link Sample#threadCpuRate()}), which discounts time lost to other processes on a busy
 *     machine; null if unavailable
 */
public record BenchRecord(String name, double value, String unit, String baseline, double baselineValue, double ratio,
    Double targetRatio, Sample valueSample, Sample baselineSample, Map<String, Double> details, Double cpuRatio) {

  public BenchRecord {
    requireText(name, "name");
    requireText(unit, "unit");
    requireText(baseline, "baseline");
    requirePositive(name, "value", value);
    requirePositive(name, "baseline value", baselineValue);
    requirePositive(name, "ratio", ratio);
    if (targetRatio != null) {
      requirePositive(name, "target ratio", targetRatio);
    }
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details == null ? Map.of() : details));
    if (cpuRatio != null && !(cpuRatio > 0 && Double.isFinite(cpuRatio))) {
      cpuRatio = null;
    }
  }

  /** A figure comparing two measured samples: value and baseline are their medians. */
  public static BenchRecord compare(String name, String unit, Sample value, String baseline, Sample baselineSample,
      Double targetRatio) {
    Objects.requireNonNull(value, "value sample");
    Objects.requireNonNull(baselineSample, "baseline sample");
    return compare(name, unit, value.median(), value, baseline, baselineSample.median(), baselineSample, targetRatio);
  }

  /**
   * A figure comparing two measured rates, each given with the sample it summarises (e.g. JMH
   * scores, the means of their iterations); the CPU ratio comes from the samples' thread-CPU rates.
   */
  public static BenchRecord compare(String name, String unit, double value, Sample valueSample, String baseline,
      double baselineValue, Sample baselineSample, Double targetRatio) {
    Objects.requireNonNull(valueSample, "value sample");
    Objects.requireNonNull(baselineSample, "baseline sample");
    return new BenchRecord(name, value, unit, baseline, baselineValue, value / baselineValue, targetRatio, valueSample,
        baselineSample, Map.of(), valueSample.threadCpuRate() / baselineSample.threadCpuRate());
  }

  /**
   * A figure whose baseline value is derived rather than measured directly (with the numbers it
   * came from); {@code baselineCpuValue} is the same derivation from thread-CPU rates (NaN if
   * unavailable).
   */
  public static BenchRecord derived(String name, String unit, double value, Sample valueSample, String baseline,
      double baselineValue, double baselineCpuValue, Double targetRatio, Map<String, Double> details) {
    Objects.requireNonNull(valueSample, "value sample");
    return new BenchRecord(name, value, unit, baseline, baselineValue, value / baselineValue, targetRatio, valueSample,
        null, details, valueSample.threadCpuRate() / baselineCpuValue);
  }

  /**
   * Whether the figure reaches the target, conservatively: both the wall-clock ratio and, when
   * known, the CPU-time ratio must reach it (on a busy machine either can be flattered by where the
   * other processes' load happened to fall); null when there is no target.
   */
  public Boolean meetsTarget() {
    return targetRatio == null ? null : ratio >= targetRatio && (cpuRatio == null || cpuRatio >= targetRatio);
  }

  private static void requireText(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("benchmark record " + what + " is '" + text + "', expected a non-blank text");
    }
  }

  private static void requirePositive(String name, String what, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("benchmark record '" + name + "': " + what + " is " + v
          + ", expected a finite number > 0");
    }
  }
}
