package io.fedspark.jobs.bench;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how often each workload is timed.
 *
 * @param warmup time each workload runs untimed first (JIT compilation, caches, DL4J workspaces)
 * @param repetitions timed repetitions per workload (their median is the figure)
 * @param repetitionTime minimum wall time of one repetition (calls are repeated until it has passed)
 */
public record SamplerOptions(Duration warmup, int repetitions, Duration repetitionTime) {

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
  }
}
