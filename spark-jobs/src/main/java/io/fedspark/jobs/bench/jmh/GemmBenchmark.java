package io.fedspark.jobs.bench.jmh;

import io.fedspark.jobs.bench.GemmShape;
import io.fedspark.jobs.bench.RawSgemm;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.Blas;
import io.fedspark.math.blas.JavaBlas;
import io.fedspark.math.blas.OpenBlas;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One single-precision matrix product {@code C = op(A) op(B)} per call, row-major, at the shape
 * {@link #shape} ({@link GemmShape#parse}), on one of four {@link Backend}s: the core's
 * {@code Blas.gemm} on Java arrays (native OpenBLAS with the arrays pinned, native with operands
 * staged through off-heap copies, or pure Java) or the baseline, raw {@code cblas_sgemm} of the same
 * OpenBLAS on off-heap buffers ({@link RawSgemm}). Operands are filled once with values in [-1, 1)
 * from seed 1. OpenBLAS runs on one thread. A rate in GFLOPS is JMH's calls/s times
 * {@link GemmShape#flops()} ({@code 2 m n k}) / 1e9.
 */
@State(Scope.Thread)
public class GemmBenchmark {
  /** What computes the product. */
  public enum Backend {
    /** {@code cblas_sgemm} on off-heap buffers: no Java-side work at all. */
    RAW("raw cblas_sgemm"),
    /** The core's native backend ({@code OpenBlas.load(1)}): Java arrays pinned where the JVM allows. */
    CORE_NATIVE("core native"),
    /** The core's pure-Java backend ({@code JavaBlas}). */
    CORE_JAVA("core java"),
    /** The core's native fallback path ({@code OpenBlas.loadStaged(1)}): operands copied to off-heap scratch. */
    CORE_STAGED("core native, operands staged");

    private final String label;

    Backend(String label) {
      this.label = label;
    }

    /** How the report names it. */
    public String label() {
      return label;
    }
  }

  /** The problem, e.g. {@code 64x784x200} or {@code 784^Tx64x200}. */
  @Param({"64x784x200"})
  public String shape;

  @Param
  public Backend backend;

  private Runnable gemm;
  private RawSgemm raw;

  @Setup(Level.Trial)
  public void setUp() {
    GemmShape s = GemmShape.parse(shape);
    if (backend == Backend.RAW) {
      OpenBlas.load(1); // loads the library and sets its thread count, as for the core
      raw = new RawSgemm(s, 1);
      gemm = raw;
      return;
    }
    Blas blas = switch (backend) {
      case CORE_NATIVE -> native1();
      case CORE_STAGED -> OpenBlas.loadStaged(1);
      case CORE_JAVA -> JavaBlas.instance();
      case RAW -> throw new IllegalStateException("handled above");
    };
    SplittableRandom random = new SplittableRandom(1);
    FloatMatrix a = FloatMatrix.uniform(s.aRows(), s.aCols(), random);
    FloatMatrix b = FloatMatrix.uniform(s.bRows(), s.bCols(), random);
    FloatMatrix c = new FloatMatrix(s.m(), s.n());
    boolean ta = s.transA();
    boolean tb = s.transB();
    gemm = () -> blas.gemm(ta, tb, 1f, a, b, 0f, c);
  }

  /** The pinned native backend; its description (pinned, or staged and why) goes to the report. */
  private static OpenBlas native1() {
    OpenBlas blas = OpenBlas.load(1);
    ForkFacts.put("nativeBlas", blas.description());
    ForkFacts.put("pinsArrays", Boolean.toString(blas.pinsArrays()));
    return blas;
  }


  @TearDown(Level.Trial)
  public void tearDown() {
    if (raw != null) {
      raw.close();
    }
  }

  /** One product; the result stays in C, which outlives the call, so the work cannot be dropped. */
  @Benchmark
  public void gemm(CpuCounters cpu) {
    gemm.run();
    cpu.calls++;
  }
}
