package io.fedspark.jobs.config;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.config.Setting;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.OpenBlasCorePolicy;

/**
 * Math-core options (keys under {@code math.}): which BLAS backend every JVM of the job uses, how
 * many BLAS threads a task may use, and which OpenBLAS kernel set the JVMs run
 * ({@link OpenBlasCorePolicy}; checked by {@code io.fedspark.jobs.kernel.KernelCheck}).
 */
public record MathOptions(MathBackend backend, int blasThreads, OpenBlasCorePolicy openblasCore) {
  /** {@code math.backend}: native (OpenBLAS) | java | auto (native, java if it cannot load). */
  public static final Setting<MathBackend> BACKEND = Setting.choice("math.backend", MathBackend.class, MathBackend.AUTO);
  /** {@code math.blas-threads}: BLAS threads per task (executor cores are the parallelism). */
  public static final Setting<Integer> BLAS_THREADS = Setting.integer("math.blas-threads", 1, Bounds.closed(1, 256));
  /**
   * {@code math.openblas.core}: auto (OpenBLAS picks by CPU; a warning when the driver and the
   * executors differ) | strict (refuse to run when they differ) | a kernel set every JVM must run,
   * e.g. Haswell (set through OPENBLAS_CORETYPE on the driver and every executor).
   */
  public static final Setting<OpenBlasCorePolicy> OPENBLAS_CORE = Setting.parsed("math.openblas.core",
      OpenBlasCorePolicy.AUTO, "one of " + OpenBlasCorePolicy.allowed(), OpenBlasCorePolicy::parse);

  public MathOptions {
    BACKEND.check(backend);
    BLAS_THREADS.check(blasThreads);
    OPENBLAS_CORE.check(openblasCore);
    if (backend == MathBackend.JAVA && openblasCore.mode() == OpenBlasCorePolicy.Mode.PINNED) {
      throw new InvalidConfigException(OPENBLAS_CORE.key() + " = " + openblasCore + ": expected auto or strict with "
          + BACKEND.key() + " = java, which never loads OpenBLAS (pin a kernel set with native or auto)");
    }
  }

  /** The options in {@code c}. */
  public static MathOptions from(ConfigView c) {
    return new MathOptions(c.get(BACKEND), c.get(BLAS_THREADS), c.get(OPENBLAS_CORE));
  }
}
