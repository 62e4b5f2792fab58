package io.fedspark.math.blas;

import io.fedspark.math.FloatMatrix;

/**
 * Pure-Java BLAS: the fallback when native OpenBLAS cannot be loaded, and the baseline the native
 * backend is measured against.
 *
 * <p>{@code gemm} is blocked for the caches (panels of {@value #KC} x {@value #NC} of op(B),
 * about 256 KiB, stay in L2) and register-blocked in {@link JavaGemmKernel} (i-k-j order, 4 rows
 * of C by 4 steps of k, SIMD-vectorised by HotSpot C2); a transposed B is packed block by block
 * into a per-thread buffer so that the inner loop always streams contiguous rows. Single-threaded:
 * data parallelism comes from Spark tasks, not from inside one call.
 *
 * <p>Thread-safe (the only mutable state is a per-thread packing buffer); deterministic.
 */
public final class JavaBlas implements Blas {

    /** Columns of op(B) and C per block. */
    static final int NC = 512;
    /** Steps of k per block. */
    static final int KC = 128;

    private static final JavaBlas INSTANCE = new JavaBlas();

    private static final ThreadLocal<float[]> PACK_B = ThreadLocal.withInitial(() -> new float[KC * NC]);

    private JavaBlas() {
    }

    /** The (stateless) instance. */
    public static JavaBlas instance() {
        return INSTANCE;
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c) {
        BlasArguments.GemmSize size = BlasArguments.gemm(transA, transB, a, b, c);
        if (size.completeWithoutProduct(alpha, beta, c)) {
            return;
        }
        int m = size.m();
        int n = size.n();
        int k = size.k();
        scaleOutput(c.data(), c.offset(), c.size(), beta);
        float[] ad = a.data();
        int aRs = transA ? 1 : a.ncol();
        int aCs = transA ? a.ncol() : 1;
        float[] bd = b.data();
        int ldB = b.ncol();
        float[] pack = transB ? PACK_B.get() : null;
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                int aOff = a.offset() + p0 * aCs;
                if (transB) {
                    packTransposed(bd, b.offset() + j0 * ldB + p0, ldB, nc, kc, pack);
                    JavaGemmKernel.multiplyAdd(m, kc, nc, alpha, ad, aOff, aRs, aCs, pack, 0, nc,
                            c.data(), c.offset() + j0, n);
                } else {
                    JavaGemmKernel.multiplyAdd(m, kc, nc, alpha, ad, aOff, aRs, aCs, bd, b.offset() + p0 * ldB + j0, ldB,
                            c.data(), c.offset() + j0, n);
                }
            }
        }
    }

    /** Writes the transpose of the {@code rows x cols} block at {@code src[off]} (leading dimension ld) into dst (cols x rows). */
    private static void packTransposed(float[] src, int off, int ld, int rows, int cols, float[] dst) {
        for (int r = 0; r < rows; r++) {
            int s = off + r * ld;
            for (int q = 0; q < cols; q++) {
                dst[q * rows + r] = src[s + q];
            }
        }
    }

    @Override
    public void gemv(boolean trans, float alpha, FloatMatrix a, float[] x, int xOff, float beta, float[] y, int yOff) {
        int[] mn = BlasArguments.gemv(trans, a, x, xOff, y, yOff);
        int m = mn[0];
        int n = mn[1];
        scaleOutput(y, yOff, m, beta);
        if (m == 0 || n == 0 || alpha == 0f) {
            return;
        }
        float[] ad = a.data();
        int lda = a.ncol();
        if (trans) {
            // y += alpha * A^T x: axpys of stored rows of A, four rows per pass over y (contiguous, vectorised).
            int off = a.offset();
            int i = 0;
            for (; i + 3 < n; i += 4) {
                float s0 = alpha * x[xOff + i], s1 = alpha * x[xOff + i + 1];
                float s2 = alpha * x[xOff + i + 2], s3 = alpha * x[xOff + i + 3];
                int r0 = off + i * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda;
                for (int j = 0; j < m; j++) {
                    y[yOff + j] += s0 * ad[r0 + j] + s1 * ad[r1 + j] + s2 * ad[r2 + j] + s3 * ad[r3 + j];
                }
            }
            for (; i < n; i++) {
                float s = alpha * x[xOff + i];
                int row = off + i * lda;
                for (int j = 0; j < m; j++) {
                    y[yOff + j] += s * ad[row + j];
                }
            }
        } else {
            for (int i = 0; i < m; i++) {
                y[yOff + i] += alpha * dotKernel(n, ad, a.offset() + i * lda, x, xOff);
            }
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        BlasArguments.range("axpy", "x", x, xOff, n);
        BlasArguments.range("axpy", "y", y, yOff, n);
        if (alpha == 0f) {
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        BlasArguments.range("dot", "x", x, xOff, n);
        BlasArguments.range("dot", "y", y, yOff, n);
        return dotKernel(n, x, xOff, y, yOff);
    }

    /** Dot product with eight independent accumulators (breaks the floating-point add dependency chain). */
    static float dotKernel(int n, float[] x, int xOff, float[] y, int yOff) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            int p = xOff + i;
            int q = yOff + i;
            s0 += x[p] * y[q];
            s1 += x[p + 1] * y[q + 1];
            s2 += x[p + 2] * y[q + 2];
            s3 += x[p + 3] * y[q + 3];
            s4 += x[p + 4] * y[q + 4];
            s5 += x[p + 5] * y[q + 5];
            s6 += x[p + 6] * y[q + 6];
            s7 += x[p + 7] * y[q + 7];
        }
        for (; i < n; i++) {
            s0 += x[xOff + i] * y[yOff + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    @Override
    public void scal(int n, float alpha, float[] x, int xOff) {
        BlasArguments.range("scal", "x", x, xOff, n);
        for (int i = 0; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    /** {@code v = beta * v}, where beta == 0 overwrites with zeros without reading (BLAS convention). */
    static void scaleOutput(float[] v, int off, int len, float beta) {
        if (beta == 0f) {
            java.util.Arrays.fill(v, off, off + len, 0f);
        } else if (beta != 1f) {
            for (int i = 0; i < len; i++) {
                v[off + i] *= beta;
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
