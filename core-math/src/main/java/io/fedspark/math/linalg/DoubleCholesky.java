package io.fedspark.math.linalg;

import io.fedspark.math.blas.MathBackend;
import java.util.Objects;

/**
 * The Cholesky factor {@code L} of a double-precision symmetric positive-definite n x n matrix
 * {@code A = L L'}, made by {@link Cholesky#factor(DoubleMatrix)}: solves {@code A X = B} and gives
 * {@code log det A}. Immutable and thread-safe: solves may run concurrently.
 */
public final class DoubleCholesky {

    private final int n;
    private final double[] lower;
    private final MathBackend backend;
    private final double logDeterminant;

    DoubleCholesky(int n, double[] lower, MathBackend backend) {
        this.n = n;
        this.lower = lower;
        this.backend = backend;
        this.logDeterminant = JavaCholesky.logDeterminant(lower, n);
    }

    /** n, the order of A. */
    public int size() {
        return n;
    }

    /** The backend that factored A and that solves: NATIVE or JAVA. */
    public MathBackend backend() {
        return backend;
    }

    /** A copy of L: lower triangular, positive diagonal, zeros above the diagonal. */
    public DoubleMatrix factor() {
        return DoubleMatrix.wrap(lower.clone(), n, n);
    }

    /** {@code log det A = 2 sum_i log L_ii} (no overflow for large n). */
    public double logDeterminant() {
        return logDeterminant;
    }

    /**
     * X with {@code A X = B}, a new n x k matrix; B (n x k, any k >= 0) is not modified.
     *
     * @throws IllegalArgumentException if B does not have n rows, naming both shapes, or holds a
     *     non-finite element
     */
    public DoubleMatrix solve(DoubleMatrix b) {
        Objects.requireNonNull(b, "cholesky solve: B");
        int k = b.ncol();
        double[] bd = b.data();
        int off = b.offset();
        Cholesky.checkRows(n, b.nrow(), b.shape());
        for (int i = 0; i < b.size(); i++) {
            if (!Double.isFinite(bd[off + i])) {
                throw Cholesky.nonFinite("cholesky solve: B (" + b.shape() + ")", bd[off + i], i / k, i % k);
            }
        }
        if (n == 0 || k == 0) {
            return new DoubleMatrix(n, k);
        }
        if (backend == MathBackend.NATIVE) {
            return DoubleMatrix.wrap(NativeLapack.dpotrs(lower, n, bd, off, k), n, k);
        }
        double[] x = new double[n * k];
        System.arraycopy(bd, off, x, 0, x.length);
        JavaCholesky.solve(lower, n, x, k);
        return DoubleMatrix.wrap(x, n, k);
    }

    @Override
    public String toString() {
        return "DoubleCholesky of a " + n + " x " + n + " matrix (" + backend.configName() + ")";
    }
}
