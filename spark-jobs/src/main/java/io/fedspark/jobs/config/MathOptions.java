package io.fedspark.jobs.config;

import io.fedspark.math.blas.MathBackend;

/**
 * Math-core options: which BLAS backend every JVM of the job uses and how many BLAS threads a task
 * may use.
 */
public record MathOptions(MathBackend backend, int blasThreads) {
  public MathOptions {
    InvalidConfigException.check(blasThreads >= 1 && blasThreads <= 256, "math.blas-threads", blasThreads, "an integer in [1, 256]");
  }

  public static MathOptions from(JobConfig c) {
    return new MathOptions(c.choice("math.backend", MathBackend.class), c.integer("math.blas-threads", 1, 256));
  }
}
