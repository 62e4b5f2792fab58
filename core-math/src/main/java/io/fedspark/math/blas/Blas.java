package io.fedspark.math.blas;

import io.fedspark.math.FloatMatrix;

/**
 * Single-precision, row-major Basic Linear Algebra Subprograms: the subset fedspark needs,
 * with the semantics of CBLAS ({@code cblas_sgemm}, {@code cblas_sgemv}, {@code cblas_saxpy},
 * {@code cblas_sdot}, {@code cblas_sscal}) with unit strides.
 *
 * <ul>
 *   <li>{@code gemm}: {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(X)} is
 *       {@code X} or its transpose (Level 3, Dongarra et al., ACM TOMS 16(1), 1990).</li>
 *   <li>{@code gemv}: {@code y = alpha * op(A) * x + beta * y} (Level 2).</li>
 *   <li>{@code axpy}: {@code y = alpha * x + y}; {@code dot}: {@code sum x_i * y_i};
 *       {@code scal}: {@code x = alpha * x} (Level 1).</li>
 * </ul>
 *
 * <p>As in the reference BLAS, {@code beta == 0} means the output is overwritten without being
 * read (NaN or infinity already in {@code C} or {@code y} does not propagate), and the output must
 * not overlap an input. Every implementation validates shapes and ranges before touching memory
 * and names both shapes on a mismatch, e.g. {@code "gemm: A is 64 x 784 but B is 785 x 256"}.
 *
 * <p>Implementations are thread-safe: concurrent calls on distinct outputs are allowed (Spark runs
 * several tasks in one executor JVM). Results may differ between implementations in the last bits
 * (summation order), but one implementation is deterministic for the same inputs.
 */
public interface Blas {

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} with {@code op(A)} m x k, {@code op(B)} k x n
     * and {@code C} m x n.
     *
     * @throws IllegalArgumentException if the shapes do not agree, or C overlaps A or B
     */
    void gemm(boolean transA, boolean transB, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c);

    /**
     * {@code y[yOff ..] = alpha * op(A) * x[xOff ..] + beta * y[yOff ..]}, where {@code x} holds
     * {@code op(A).ncol} and {@code y} holds {@code op(A).nrow} consecutive elements.
     *
     * @throws IllegalArgumentException if a vector range does not fit its array, or y overlaps A or x
     */
    void gemv(boolean trans, float alpha, FloatMatrix a, float[] x, int xOff, float beta, float[] y, int yOff);

    /** {@code y[yOff + i] += alpha * x[xOff + i]} for {@code i < n}. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code sum over i < n of x[xOff + i] * y[yOff + i]}. */
    float dot(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code x[xOff + i] *= alpha} for {@code i < n} (IEEE semantics: NaN times 0 stays NaN). */
    void scal(int n, float alpha, float[] x, int xOff);

    /** A short human-readable name of this backend, e.g. {@code "java"} or {@code "native OpenBLAS 0.3.31"}. */
    String name();
}
