package io.fedspark.jobs.dl4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Limits ND4J (the engine under DL4J) to a number of threads, for a fair single-threaded
 * comparison and for Spark executors whose cores are already taken by tasks.
 *
 * <p>ND4J 1.0.0-M2 has three independent thread settings, and {@code OMP_NUM_THREADS} alone does
 * not control them all: {@code NativeOpsHolder} reads it and then overwrites the OpenMP thread
 * count with a hard-coded 4 (a leftover debug line, deeplearning4j issue #9668, fixed after M2), so
 * it must be reset after initialisation. The settings are
 * <ul>
 *   <li>the OpenMP threads of libnd4j's own kernels: {@code NativeOps.setOmpNumThreads};</li>
 *   <li>libnd4j's thread pool for element-wise and reduction ops: {@code Nd4j.getEnvironment()
 *       .setMaxThreads} and {@code setMaxMasterThreads}. Measured on M2: {@code setMaxThreads(1)}
 *       leaves {@code maxThreads()} at 2 unless {@code OMP_NUM_THREADS=1} was in the environment
 *       when the JVM started (then both read 1), which is why {@code deploy/bin/fedspark bench}
 *       exports it;</li>
 *   <li>the threads of the BLAS library ND4J calls for {@code mmul}/{@code gemm}:
 *       {@code Nd4j.factory().blas().setMaxThreads} (OpenBLAS's {@code openblas_set_num_threads}).</li>
 * </ul>
 * Process-wide; call it before the first DL4J network is built.
 */
public final class Nd4jThreads {
  private Nd4jThreads() {}

  /** Sets all three to {@code threads}; returns {@link #describe()} afterwards. */
  public static String limitTo(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("ND4J threads is " + threads + ", expected at least 1");
    }
    // Nd4j first: its static initialiser loads the backend, which NativeOpsHolder needs.
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    return describe();
  }

  /** The current settings, e.g. {@code "omp 1, nd4j threads 1 (master 1), blas 1 (OPENBLAS)"}. */
  public static String describe() {
    return "omp " + NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads()
        + ", nd4j threads " + Nd4j.getEnvironment().maxThreads()
        + " (master " + Nd4j.getEnvironment().maxMasterThreads() + ")"
        + ", blas " + Nd4j.factory().blas().getMaxThreads() + " (" + Nd4j.factory().blas().getBlasVendor() + ")";
  }
}
