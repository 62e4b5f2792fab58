package io.fedspark.jobs.bench;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;

import io.fedspark.math.FloatMatrix;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * The baseline for the core's native gemm: {@code cblas_sgemm} of the same OpenBLAS library (the
 * one {@code io.fedspark.math.blas.OpenBlas} loads, with the thread count it set), called directly on
 * off-heap buffers that are filled once. This is what the core would cost with no Java-side work
 * at all (no argument checks, no staging copies between the Java arrays and native memory).
 * Holds native memory until {@link #close()}.
 */
public final class RawSgemm implements Runnable, AutoCloseable {
  private final GemmShape shape;
  private final FloatPointer a;
  private final FloatPointer b;
  private final FloatPointer c;

  /** Allocates and fills the operands of {@code shape} with values in [-1, 1) from {@code seed}. */
  public RawSgemm(GemmShape shape, long seed) {
    this.shape = shape;
    SplittableRandom random = new SplittableRandom(seed);
    this.a = filled((long) shape.m() * shape.k(), random);
    this.b = filled((long) shape.k() * shape.n(), random);
    this.c = new FloatPointer((long) shape.m() * shape.n());
    c.zero();
  }

  private static FloatPointer filled(long size, SplittableRandom random) {
    return new FloatPointer(FloatMatrix.uniform(1, Math.toIntExact(size), random).data());
  }

  /** One {@code C = op(A) op(B)} call ({@link GemmShape#flops()} floating-point operations). */
  @Override
  public void run() {
    openblas.cblas_sgemm(CblasRowMajor, shape.transA() ? CblasTrans : CblasNoTrans,
        shape.transB() ? CblasTrans : CblasNoTrans, shape.m(), shape.n(), shape.k(), 1f, a, shape.aCols(), b,
        shape.bCols(), 0f, c, shape.n());
  }

  @Override
  public void close() {
    a.close();
    b.close();
    c.close();
  }
}
