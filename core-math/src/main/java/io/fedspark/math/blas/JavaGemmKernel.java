package io.fedspark.math.blas;

/**
 * The inner block of the pure-Java gemm: {@code C[m x nc] += alpha * A[m x kc] * B[kc x nc]} for
 * one cache block, in i-k-j order with a 4 x 4 register block (four rows of C, four steps of k).
 *
 * <p>The innermost loop runs over a contiguous row of B and a contiguous row of C, which HotSpot's
 * C2 compiles to SIMD instructions (superword vectorisation). Each pass of that loop loads four
 * rows of B once and updates four rows of C, so every loaded B element feeds four multiply-adds
 * and every C element is loaded and stored once per four k-steps instead of once per k-step.
 * This is the "i-k-j with register blocking" scheme of Goto and van de Geijn, "Anatomy of
 * high-performance matrix multiplication", ACM TOMS 34(3), 2008, without the assembly
 * micro-kernel.
 *
 * <p>A is addressed through a row stride and a column stride, so a transposed A needs no packing;
 * B must be row-major with leading dimension {@code ldb} (the caller packs a transposed B).
 */
final class JavaGemmKernel {

    private JavaGemmKernel() {
    }

    /**
     * Adds {@code alpha * A * B} to C for one block.
     *
     * @param aOff index of A(0, 0); A(i, p) is at {@code aOff + i * aRs + p * aCs}
     * @param bOff index of B(0, 0); B(p, j) is at {@code bOff + p * ldb + j}
     * @param cOff index of C(0, 0); C(i, j) is at {@code cOff + i * ldc + j}
     */
    static void multiplyAdd(int m, int kc, int nc, float alpha,
                            float[] a, int aOff, int aRs, int aCs,
                            float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            fourRows(kc, nc, alpha, a, aOff + i * aRs, aRs, aCs, b, bOff, ldb, c, cOff + i * ldc, ldc);
        }
        for (; i < m; i++) {
            oneRow(kc, nc, alpha, a, aOff + i * aRs, aCs, b, bOff, ldb, c, cOff + i * ldc);
        }
    }

    private static void fourRows(int kc, int nc, float alpha,
                                 float[] a, int a0, int aRs, int aCs,
                                 float[] b, int bOff, int ldb,
                                 float[] c, int c0, int ldc) {
        final int a1 = a0 + aRs;
        final int a2 = a1 + aRs;
        final int a3 = a2 + aRs;
        final int c1 = c0 + ldc;
        final int c2 = c1 + ldc;
        final int c3 = c2 + ldc;
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            final int q0 = p * aCs;
            final int q1 = q0 + aCs;
            final int q2 = q1 + aCs;
            final int q3 = q2 + aCs;
            final float x0 = alpha * a[a0 + q0], x1 = alpha * a[a0 + q1], x2 = alpha * a[a0 + q2], x3 = alpha * a[a0 + q3];
            final float y0 = alpha * a[a1 + q0], y1 = alpha * a[a1 + q1], y2 = alpha * a[a1 + q2], y3 = alpha * a[a1 + q3];
            final float z0 = alpha * a[a2 + q0], z1 = alpha * a[a2 + q1], z2 = alpha * a[a2 + q2], z3 = alpha * a[a2 + q3];
            final float w0 = alpha * a[a3 + q0], w1 = alpha * a[a3 + q1], w2 = alpha * a[a3 + q2], w3 = alpha * a[a3 + q3];
            final int b0 = bOff + p * ldb;
            final int b1 = b0 + ldb;
            final int b2 = b1 + ldb;
            final int b3 = b2 + ldb;
            for (int j = 0; j < nc; j++) {
                final float v0 = b[b0 + j], v1 = b[b1 + j], v2 = b[b2 + j], v3 = b[b3 + j];
                c[c0 + j] += x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3;
                c[c1 + j] += y0 * v0 + y1 * v1 + y2 * v2 + y3 * v3;
                c[c2 + j] += z0 * v0 + z1 * v1 + z2 * v2 + z3 * v3;
                c[c3 + j] += w0 * v0 + w1 * v1 + w2 * v2 + w3 * v3;
            }
        }
        for (; p < kc; p++) {
            final int q = p * aCs;
            final float x = alpha * a[a0 + q], y = alpha * a[a1 + q], z = alpha * a[a2 + q], w = alpha * a[a3 + q];
            final int bp = bOff + p * ldb;
            for (int j = 0; j < nc; j++) {
                final float v = b[bp + j];
                c[c0 + j] += x * v;
                c[c1 + j] += y * v;
                c[c2 + j] += z * v;
                c[c3 + j] += w * v;
            }
        }
    }

    private static void oneRow(int kc, int nc, float alpha,
                               float[] a, int a0, int aCs,
                               float[] b, int bOff, int ldb,
                               float[] c, int c0) {
        int p = 0;
        for (; p + 3 < kc; p += 4) {
            final int q0 = p * aCs;
            final float x0 = alpha * a[a0 + q0];
            final float x1 = alpha * a[a0 + q0 + aCs];
            final float x2 = alpha * a[a0 + q0 + 2 * aCs];
            final float x3 = alpha * a[a0 + q0 + 3 * aCs];
            final int b0 = bOff + p * ldb;
            final int b1 = b0 + ldb;
            final int b2 = b1 + ldb;
            final int b3 = b2 + ldb;
            for (int j = 0; j < nc; j++) {
                c[c0 + j] += x0 * b[b0 + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
            }
        }
        for (; p < kc; p++) {
            final float x = alpha * a[a0 + p * aCs];
            final int bp = bOff + p * ldb;
            for (int j = 0; j < nc; j++) {
                c[c0 + j] += x * b[bp + j];
            }
        }
    }
}
