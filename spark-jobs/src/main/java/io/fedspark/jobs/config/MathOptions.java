package io.fedspark.jobs.config;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import io.fedspark.math.blas.MathBackend;

/**
 * Math-core options (keys under {@code math.}): which BLAS backend every JVM of the job uses and
 * how many BLAS threads a task may use.
 */
public record MathOptions(MathBackend backend, int blasThreads) {
  /** {@code math.backend}: native (OpenBLAS) | java | auto (native, java if it cannot load). */
  public static final Setting<MathBackend> BACKEND = Setting.choice("math.backend", MathBackend.class, MathBackend.AUTO);
  /** {@code math.blas-threads}: BLAS threads per task (executor cores are the parallelism). */
  public static final Setting<Integer> BLAS_THREADS = Setting.integer("math.blas-threads", 1, Bounds.closed(1, 256));

  public MathOptions {
    BACKEND.check(backend);
    BLAS_THREADS.check(blasThreads);
  }

  /** The options in {@code c}. */
  public static MathOptions from(ConfigView c) {
    return new MathOptions(c.get(BACKEND), c.get(BLAS_THREADS));
  }
}
