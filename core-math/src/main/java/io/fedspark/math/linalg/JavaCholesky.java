package io.fedspark.math.linalg;

/**
 * The pure-Java Cholesky kernels, in double precision (the float API converts in and rounds
 * out, so the Java fallback is at least as accurate as LAPACK's {@code spotrf}).
 *
 * <p>Factorisation: the Cholesky-Banachiewicz (row by row) order, {@code L_ij = (a_ij -
 * sum_{k<j} L_ik L_jk) / L_jj} and {@code L_ii = sqrt(a_ii - sum_{k<i} L_ik^2)}, so that each
 * inner sum is a dot product of two contiguous row prefixes of a row-major L (Golub and Van Loan,
 * "Matrix Computations", 4th ed., section 4.2). Solves: forward substitution with L, then back
 * substitution with L', each as row operations ({@code axpy} over the k right-hand sides).
 * Deterministic: fixed summation order.
 */
final class JavaCholesky {

    private JavaCholesky() {
    }

    /**
     * Overwrites the lower triangle of the row-major n x n {@code a} with L and zeroes the upper
     * triangle; reads only the lower triangle.
     *
     * @throws NotPositiveDefiniteException naming the first leading minor that is not positive
     */
    static void factor(double[] a, int n) {
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            for (int j = 0; j < i; j++) {
                int rj = j * n;
                a[ri + j] = (a[ri + j] - dot(a, ri, rj, j)) / a[rj + j];
            }
            double d = a[ri + i] - dot(a, ri, ri, i);
            if (!(d > 0)) {
                throw new NotPositiveDefiniteException(n, i + 1);
            }
            a[ri + i] = Math.sqrt(d);
            for (int j = i + 1; j < n; j++) {
                a[ri + j] = 0;
            }
        }
    }

    /** {@code sum_{k < len} a[x + k] * a[y + k]}, four partial sums for instruction-level parallelism. */
    private static double dot(double[] a, int x, int y, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += a[x + k] * a[y + k];
            s1 += a[x + k + 1] * a[y + k + 1];
            s2 += a[x + k + 2] * a[y + k + 2];
            s3 += a[x + k + 3] * a[y + k + 3];
        }
        for (; k < len; k++) {
            s0 += a[x + k] * a[y + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Overwrites the row-major n x k {@code b} with {@code (L L')^-1 b}, for the row-major lower n x n {@code l}. */
    static void solve(double[] l, int n, double[] b, int k) {
        for (int i = 0; i < n; i++) {
            int ri = i * k;
            for (int j = 0; j < i; j++) {
                axpy(-l[i * n + j], b, j * k, ri, k);
            }
            divide(b, ri, k, l[i * n + i]);
        }
        for (int i = n - 1; i >= 0; i--) {
            int ri = i * k;
            for (int j = i + 1; j < n; j++) {
                axpy(-l[j * n + i], b, j * k, ri, k);
            }
            divide(b, ri, k, l[i * n + i]);
        }
    }

    private static void axpy(double alpha, double[] b, int from, int to, int len) {
        for (int c = 0; c < len; c++) {
            b[to + c] += alpha * b[from + c];
        }
    }

    private static void divide(double[] b, int off, int len, double d) {
        for (int c = 0; c < len; c++) {
            b[off + c] /= d;
        }
    }

    /** {@code 2 sum log L_ii}: the log-determinant of {@code L L'}. */
    static double logDeterminant(double[] l, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(l[i * n + i]);
        }
        return 2 * s;
    }
}
