package io.fedspark.math.linalg;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathBackend;
import java.util.Objects;

/**
 * The Cholesky factor {@code L} of a single-precision symmetric positive-definite n x n matrix
 * {@code A = L L'}, made by {@link Cholesky#factor(FloatMatrix)}: solves {@code A X = B} and gives
 * {@code log det A}. Immutable and thread-safe: solves may run concurrently.
 *
 * <p>A native factor solves with {@code LAPACKE_spotrs}; a Java factor solves in double
 * precision and rounds X to float.
 */
public final class FloatCholesky {

    private final int n;
    private final float[] lower;
    private final MathBackend backend;
    private final double logDeterminant;

    FloatCholesky(int n, float[] lower, MathBackend backend) {
        this.n = n;
        this.lower = lower;
        this.backend = backend;
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(lower[i * n + i]);
        }
        this.logDeterminant = 2 * s;
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
    public FloatMatrix factor() {
        return FloatMatrix.wrap(lower.clone(), n, n);
    }

    /** {@code log det A = 2 sum_i log L_ii}, in double (no overflow for large n). */
    public double logDeterminant() {
        return logDeterminant;
    }

    /**
     * X with {@code A X = B}, a new n x k matrix; B (n x k, any k >= 0) is not modified.
     *
     * @throws IllegalArgumentException if B does not have n rows, naming both shapes, or holds a
     *     non-finite element
     */
    public FloatMatrix solve(FloatMatrix b) {
        Objects.requireNonNull(b, "cholesky solve: B");
        int k = b.ncol();
        float[] bd = b.data();
        int off = b.offset();
        Cholesky.checkRows(n, b.nrow(), b.shape());
        for (int i = 0; i < b.size(); i++) {
            if (!Float.isFinite(bd[off + i])) {
                throw Cholesky.nonFinite("cholesky solve: B (" + b.shape() + ")", bd[off + i], i / k, i % k);
            }
        }
        if (n == 0 || k == 0) {
            return new FloatMatrix(n, k);
        }
        if (backend == MathBackend.NATIVE) {
            return FloatMatrix.wrap(NativeLapack.spotrs(lower, n, bd, off, k), n, k);
        }
        double[] l = new double[n * n];
        for (int i = 0; i < l.length; i++) {
            l[i] = lower[i];
        }
        double[] x = new double[n * k];
        for (int i = 0; i < x.length; i++) {
            x[i] = bd[off + i];
        }
        JavaCholesky.solve(l, n, x, k);
        float[] out = new float[n * k];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) x[i];
        }
        return FloatMatrix.wrap(out, n, k);
    }

    @Override
    public String toString() {
        return "FloatCholesky of a " + n + " x " + n + " matrix (" + backend.configName() + ")";
    }
}
