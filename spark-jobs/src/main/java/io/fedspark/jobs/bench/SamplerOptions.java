package io.fedspark.jobs.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how often each workload of a benchmark report was timed, and which statistic of the
 * repetitions its figures are.
 *
 * @param warmup time each workload runs untimed first (JIT compilation, caches, DL4J workspaces)
 * @param repetitions timed repetitions per workload
 * @param repetitionTime minimum wall time of one repetition (calls are repeated until it has passed)
 * @param statistic how the figures and their spread come from the repetitions, for the report
 */
public record SamplerOptions(Duration warmup, int repetitions, Duration repetitionTime, String statistic) {

  /** The statistic of the Spark-level harnesses: the median of repetitions interleaved between compared workloads. */
  public static final String INTERLEAVED_MEDIAN = "median of the repetitions; min and max give the spread"
      + " (+- = half the min-max range); repetitions of compared workloads are interleaved";

  public SamplerOptions {
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(repetitionTime, "repetitionTime");
    if (warmup.isNegative() || repetitionTime.isNegative() || repetitionTime.isZero()) {
      throw new IllegalArgumentException("sampler warmup " + warmup + " and repetition time " + repetitionTime
          + ": expected warmup >= 0 and repetition time > 0");
    }
    if (repetitions < 1) {
      throw new IllegalArgumentException("sampler repetitions is " + repetitions + ", expected at least 1");
    }
    Objects.requireNonNull(statistic, "statistic");
  }

  /** Timing with the {@link #INTERLEAVED_MEDIAN} statistic. */
  public SamplerOptions(Duration warmup, int repetitions, Duration repetitionTime) {
    this(warmup, repetitions, repetitionTime, INTERLEAVED_MEDIAN);
  }
}
