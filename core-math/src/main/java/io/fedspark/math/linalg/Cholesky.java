package io.fedspark.math.linalg;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import java.util.Objects;

/**
 * Cholesky factorisation {@code A = L L'} of a symmetric positive-definite matrix (row-major,
 * float or double), for solving {@code A X = B} with many right-hand sides without ever forming
 * {@code A^-1}, e.g. the kernel ridge regression systems {@code (F F' + lambda I) alpha = Y} of
 * KRR-ST. Only the lower triangle of {@code A} is read; the upper triangle is assumed to mirror
 * it (as in LAPACK {@code ?potrf} with {@code uplo = 'L'}), so rounding asymmetry from a
 * {@code gemm} is harmless.
 *
 * <p>Backends follow {@link MathRuntime}: native LAPACK ({@code LAPACKE_spotrf/spotrs} and
 * {@code dpotrf/dpotrs} of OpenBLAS) when its backend is {@link MathBackend#NATIVE}, otherwise a
 * pure-Java implementation in double precision ({@link MathBackend#JAVA}). Both report a matrix
 * that is not positive definite the same way, with {@link NotPositiveDefiniteException}: "cholesky:
 * matrix 50 x 50 is not positive definite (leading minor 17 is not positive); add a ridge
 * (lambda * I)". Non-finite elements are refused up front (LAPACKE would report them as an
 * illegal argument).
 *
 * <p>Cost: {@code n^3 / 3} flops to factor, {@code 2 n^2 k} to solve for k right-hand sides.
 * Numerical stability without pivoting: the computed factor is exact for {@code A + E} with
 * {@code |E| <= c n u |L||L'|} (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed.,
 * theorem 10.3), so the error of a solve grows with the condition number of {@code A}: a ridge
 * of 1e-6 * trace gives condition numbers near 1e6, beyond what float resolves; use double there.
 */
public final class Cholesky {

    private Cholesky() {
    }

    /** Factors {@code a} with the backend of {@link MathRuntime}. */
    public static FloatCholesky factor(FloatMatrix a) {
        return factor(a, MathBackend.AUTO);
    }

    /** Factors {@code a} with the backend of {@link MathRuntime}. */
    public static DoubleCholesky factor(DoubleMatrix a) {
        return factor(a, MathBackend.AUTO);
    }

    /**
     * Factors {@code a} with the given backend: {@code NATIVE} or {@code JAVA} pin it for this
     * call (for tests and benchmarks), {@code AUTO} follows {@link MathRuntime#backend()}.
     *
     * @throws IllegalArgumentException if {@code a} is not square or has a non-finite element in
     *     its lower triangle
     * @throws NotPositiveDefiniteException if {@code a} is not positive definite
     */
    public static FloatCholesky factor(FloatMatrix a, MathBackend backend) {
        Objects.requireNonNull(a, "cholesky: A");
        int n = checkSquare(a.nrow(), a.ncol());
        float[] d = a.data();
        int off = a.offset();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                float v = d[off + i * n + j];
                if (!Float.isFinite(v)) {
                    throw nonFinite("cholesky: matrix " + a.shape(), v, i, j);
                }
            }
        }
        MathBackend used = resolve(backend);
        if (n == 0) {
            return new FloatCholesky(0, new float[0], used);
        }
        if (used == MathBackend.NATIVE) {
            return new FloatCholesky(n, NativeLapack.spotrf(d, off, n), used);
        }
        double[] work = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                work[i * n + j] = d[off + i * n + j];
            }
        }
        JavaCholesky.factor(work, n);
        float[] l = new float[n * n];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) work[i];
        }
        return new FloatCholesky(n, l, used);
    }

    /**
     * Factors {@code a} with the given backend: {@code NATIVE} or {@code JAVA} pin it for this
     * call (for tests and benchmarks), {@code AUTO} follows {@link MathRuntime#backend()}.
     *
     * @throws IllegalArgumentException if {@code a} is not square or has a non-finite element in
     *     its lower triangle
     * @throws NotPositiveDefiniteException if {@code a} is not positive definite
     */
    public static DoubleCholesky factor(DoubleMatrix a, MathBackend backend) {
        Objects.requireNonNull(a, "cholesky: A");
        int n = checkSquare(a.nrow(), a.ncol());
        double[] d = a.data();
        int off = a.offset();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = d[off + i * n + j];
                if (!Double.isFinite(v)) {
                    throw nonFinite("cholesky: matrix " + a.shape(), v, i, j);
                }
            }
        }
        MathBackend used = resolve(backend);
        if (n == 0) {
            return new DoubleCholesky(0, new double[0], used);
        }
        if (used == MathBackend.NATIVE) {
            return new DoubleCholesky(n, NativeLapack.dpotrf(d, off, n), used);
        }
        double[] work = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(d, off + i * n, work, i * n, i + 1);
        }
        JavaCholesky.factor(work, n);
        return new DoubleCholesky(n, work, used);
    }

    private static MathBackend resolve(MathBackend backend) {
        Objects.requireNonNull(backend, "cholesky: backend");
        return backend == MathBackend.AUTO ? MathRuntime.backend() : backend;
    }

    private static int checkSquare(int nrow, int ncol) {
        if (nrow != ncol) {
            throw new IllegalArgumentException("cholesky: matrix " + nrow + " x " + ncol
                    + " is not square; a Cholesky factorisation needs a symmetric n x n matrix");
        }
        return nrow;
    }

    static IllegalArgumentException nonFinite(String what, double v, int i, int j) {
        return new IllegalArgumentException(what + " has a non-finite element " + v + " at (" + i + ", " + j
                + "); expected finite values");
    }

    /** Checks that B has the n rows of the n x n A; names both shapes. */
    static void checkRows(int n, int bRows, String bShape) {
        if (bRows != n) {
            throw new IllegalArgumentException("cholesky solve: A is " + n + " x " + n + " but B is " + bShape
                    + "; B needs " + n + " rows");
        }
    }
}
