package io.fedspark.math.blas;

import io.fedspark.math.FloatMatrix;
import java.util.Objects;

/**
 * Argument validation shared by the BLAS backends, so that both reject exactly the same calls
 * with exactly the same messages, naming both shapes involved.
 */
final class BlasArguments {

    private BlasArguments() {
    }

    /**
     * The sizes of {@code C(m x n) = alpha op(A)(m x k) op(B)(k x n) + beta C}, as
     * {@link BlasArguments#gemm} validated them.
     */
    record GemmSize(int m, int n, int k) {
        /**
         * Completes the call when there is no product to add: nothing for an empty C, else
         * {@code C = beta C} when {@code k = 0} or {@code alpha = 0} (BLAS semantics, with
         * {@code beta = 0} storing zeros).
         *
         * @return true if the call is complete, false if the backend must compute the product
         */
        boolean completeWithoutProduct(float alpha, float beta, FloatMatrix c) {
            if (m == 0 || n == 0) {
                return true;
            }
            if (k == 0 || alpha == 0f) {
                JavaBlas.scaleOutput(c.data(), c.offset(), c.size(), beta);
                return true;
            }
            return false;
        }
    }

    /** Validates a gemm call; returns the sizes of {@code C(m x n) = op(A)(m x k) op(B)(k x n)}. */
    static GemmSize gemm(boolean transA, boolean transB, FloatMatrix a, FloatMatrix b, FloatMatrix c) {
        Objects.requireNonNull(a, "gemm: A");
        Objects.requireNonNull(b, "gemm: B");
        Objects.requireNonNull(c, "gemm: C");
        int m = transA ? a.ncol() : a.nrow();
        int ka = transA ? a.nrow() : a.ncol();
        int kb = transB ? b.ncol() : b.nrow();
        int n = transB ? b.nrow() : b.ncol();
        if (ka != kb) {
            throw new IllegalArgumentException("gemm: " + describe("A", transA, a) + " but " + describe("B", transB, b)
                    + " (inner dimensions " + ka + " and " + kb + " differ)");
        }
        if (c.nrow() != m || c.ncol() != n) {
            throw new IllegalArgumentException("gemm: " + describe("A", transA, a) + " and " + describe("B", transB, b)
                    + ", so C must be " + m + " x " + n + " but C is " + c.shape());
        }
        if (c.overlaps(a) || c.overlaps(b)) {
            throw new IllegalArgumentException("gemm: C (" + c + ") overlaps " + (c.overlaps(a) ? "A (" + a : "B (" + b)
                    + ") in the same array; the output of gemm must not alias an input");
        }
        return new GemmSize(m, n, ka);
    }

    /** Validates a gemv call; returns {@code {m, n}} of {@code y(m) = op(A)(m x n) x(n)}. */
    static int[] gemv(boolean trans, FloatMatrix a, float[] x, int xOff, float[] y, int yOff) {
        Objects.requireNonNull(a, "gemv: A");
        int m = trans ? a.ncol() : a.nrow();
        int n = trans ? a.nrow() : a.ncol();
        String shape = describe("A", trans, a);
        range("gemv", shape + ", so x", x, xOff, n);
        range("gemv", shape + ", so y", y, yOff, m);
        if (m > 0 && ((y == a.data() && yOff < a.offset() + a.size() && a.offset() < yOff + m)
                || (y == x && n > 0 && yOff < xOff + n && xOff < yOff + m))) {
            throw new IllegalArgumentException("gemv: y [" + yOff + ", " + (yOff + m)
                    + ") overlaps an input in the same array; the output of gemv must not alias an input");
        }
        return new int[] {m, n};
    }

    /** Validates that {@code v[off, off + n)} is inside {@code v}. */
    static void range(String routine, String what, float[] v, int off, int n) {
        Objects.requireNonNull(v, () -> routine + ": " + what + " is null");
        if (n < 0) {
            throw new IllegalArgumentException(routine + ": n is " + n + ", expected n >= 0");
        }
        if (off < 0 || (long) off + n > v.length) {
            throw new IllegalArgumentException(routine + ": " + what + " needs " + n + " floats from offset " + off
                    + " but its array has length " + v.length);
        }
    }

    static String describe(String name, boolean trans, FloatMatrix x) {
        return trans
                ? name + "^T is " + x.ncol() + " x " + x.nrow() + " (" + name + " is " + x.shape() + ")"
                : name + " is " + x.shape();
    }
}
