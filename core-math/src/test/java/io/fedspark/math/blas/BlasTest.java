package io.fedspark.math.blas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fedspark.math.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both backends against a naive double-precision reference.
 *
 * <p>Tolerance: the classical forward error bound of a float dot product of length k is
 * {@code |fl(s) - s| <= k u sum |a_p b_p|} with {@code u = 2^-24} (Higham, "Accuracy and
 * Stability of Numerical Algorithms", 2nd ed., eq. 3.5); alpha and beta add two more roundings.
 * We allow twice {@code (k + 2) u (|alpha| sum_p |a_ip b_pj| + |beta c_ij|)} per element: a
 * correct kernel in any summation order (blocked, FMA or not) always passes, while a wrong index,
 * a dropped term or a missed beta is off by O(|a b|), far above it.
 */
class BlasTest {

    private static final double U = Math.ulp(1.0f) / 2; // 2^-24
    private static final float SENTINEL = 12345.678f;

    /** Java, native on pinned arrays (the normal native path) and native with staged operands. */
    static Stream<Blas> backends() {
        return Stream.of(JavaBlas.instance(), OpenBlas.load(1), OpenBlas.loadStaged(1));
    }

    static Stream<OpenBlas> nativePaths() {
        return Stream.of(OpenBlas.load(1), OpenBlas.loadStaged(1));
    }

    static Stream<Arguments> gemmCases() {
        int[][] sizes = {{1, 1, 1}, {3, 5, 7}, {5, 131, 513}, {10, 784, 200}, {64, 784, 200}};
        List<Arguments> cases = new ArrayList<>();
        backends().forEach(blas -> {
            for (int[] s : sizes) {
                for (int t = 0; t < 4; t++) {
                    cases.add(Arguments.of(blas, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0));
                }
            }
        });
        return cases.stream();
    }

    /** A random matrix embedded at a random offset in a larger array filled with a sentinel. */
    private static FloatMatrix embedded(int rows, int cols, SplittableRandom r) {
        int before = r.nextInt(1, 17);
        int after = r.nextInt(1, 17);
        float[] data = new float[before + rows * cols + after];
        java.util.Arrays.fill(data, SENTINEL);
        FloatMatrix m = FloatMatrix.wrap(data, before, rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.set(i, j, (float) (2 * r.nextDouble() - 1));
            }
        }
        return m;
    }

    private static void assertSentinelsIntact(FloatMatrix m) {
        float[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            if ((i < m.offset() || i >= m.offset() + m.size()) && d[i] != SENTINEL) {
                fail("element " + i + " outside the view [" + m.offset() + ", " + (m.offset() + m.size())
                        + ") was overwritten with " + d[i]);
            }
        }
    }

    private static double op(FloatMatrix x, boolean trans, int i, int j) {
        return trans ? x.get(j, i) : x.get(i, j);
    }

    @ParameterizedTest(name = "{0} m={1} k={2} n={3} transA={4} transB={5}")
    @MethodSource("gemmCases")
    void gemmMatchesDoubleReference(Blas blas, int m, int k, int n, boolean transA, boolean transB) {
        SplittableRandom r = new SplittableRandom(m * 1_000_003L + k * 1009L + n + (transA ? 7 : 0) + (transB ? 13 : 0));
        FloatMatrix a = transA ? embedded(k, m, r) : embedded(m, k, r);
        FloatMatrix b = transB ? embedded(n, k, r) : embedded(k, n, r);
        FloatMatrix c = embedded(m, n, r);
        FloatMatrix c0 = c.copy();
        float alpha = 0.75f;
        float beta = -0.5f;
        blas.gemm(transA, transB, alpha, a, b, beta, c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double t = op(a, transA, i, p) * op(b, transB, p, j);
                    sum += t;
                    abs += Math.abs(t);
                }
                double expected = alpha * sum + beta * (double) c0.get(i, j);
                double tol = 2 * (k + 2) * U * (Math.abs(alpha) * abs + Math.abs(beta * c0.get(i, j)));
                double err = Math.abs(c.get(i, j) - expected);
                if (!(err <= tol)) {
                    fail(blas.name() + ": C(" + i + ", " + j + ") = " + c.get(i, j) + ", expected " + expected
                            + " (error " + err + " > tolerance " + tol + ")");
                }
            }
        }
        assertSentinelsIntact(c);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gemvWithBetaZeroIgnoresNaNInY(Blas blas) {
        SplittableRandom r = new SplittableRandom(4);
        for (boolean trans : new boolean[] {false, true}) {
            FloatMatrix a = embedded(30, 17, r);
            float[] x = embedded(1, trans ? 30 : 17, r).data();
            float[] y = new float[(trans ? 17 : 30) + 2];
            java.util.Arrays.fill(y, Float.NaN);
            blas.gemv(trans, 1f, a, x, 1, 0f, y, 1);
            for (int i = 1; i < y.length - 1; i++) {
                assertTrue(Float.isFinite(y[i]), blas.name() + ": beta = 0 must not read y (trans " + trans + "), y["
                        + i + "] = " + y[i]);
            }
            assertTrue(Float.isNaN(y[0]) && Float.isNaN(y[y.length - 1]), "elements outside the range untouched");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gemmWithBetaZeroIgnoresNaNInC(Blas blas) {
        // Small shapes take OpenBLAS's small-matrix kernels, larger ones its beta kernel + GEMM
        // driver; the native backend relies on both never reading C when beta = 0 (no zero-fill).
        int[][] shapes = {{6, 9, 5}, {10, 784, 200}, {64, 300, 130}, {200, 10, 784}};
        SplittableRandom r = new SplittableRandom(3);
        for (int[] s : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                FloatMatrix a = transA ? embedded(s[1], s[0], r) : embedded(s[0], s[1], r);
                FloatMatrix b = embedded(s[1], s[2], r);
                FloatMatrix c = new FloatMatrix(s[0], s[2]).fill(Float.NaN);
                blas.gemm(transA, false, 1f, a, b, 1f, c); // leaves NaN in any reused native staging buffer
                FloatMatrix d = new FloatMatrix(s[0], s[2]).fill(Float.NaN);
                blas.gemm(transA, false, 1f, a, b, 0f, d);
                for (float v : d.toArray()) {
                    assertTrue(Float.isFinite(v), blas.name() + ": beta = 0 must not read C (" + s[0] + "x" + s[1] + "x"
                            + s[2] + ", transA " + transA + "), got " + v);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gemmWithEmptyInnerDimensionScalesC(Blas blas) {
        FloatMatrix c = FloatMatrix.wrap(new float[] {1, 2, 3, 4}, 2, 2);
        blas.gemm(false, false, 1f, new FloatMatrix(2, 0), new FloatMatrix(0, 2), 3f, c);
        assertArrayEquals(new float[] {3, 6, 9, 12}, c.toArray(), 0f, "k = 0: C = beta * C exactly");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gemmShapeErrorsNameBothShapes(Blas blas) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> blas.gemm(false, false, 1f, new FloatMatrix(64, 784), new FloatMatrix(785, 256), 0f,
                        new FloatMatrix(64, 256)));
        assertTrue(e.getMessage().startsWith("gemm: A is 64 x 784 but B is 785 x 256"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> blas.gemm(true, false, 1f, new FloatMatrix(64, 784), new FloatMatrix(784, 200), 0f,
                        new FloatMatrix(784, 200)));
        assertTrue(e.getMessage().contains("A^T is 784 x 64 (A is 64 x 784) but B is 784 x 200"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> blas.gemm(false, false, 1f, new FloatMatrix(64, 784), new FloatMatrix(784, 256), 0f,
                        new FloatMatrix(64, 200)));
        assertTrue(e.getMessage().contains("so C must be 64 x 256 but C is 64 x 200"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gemmRejectsOutputAliasingAnInput(Blas blas) {
        float[] shared = new float[32];
        FloatMatrix a = FloatMatrix.wrap(shared, 0, 4, 4);
        FloatMatrix c = FloatMatrix.wrap(shared, 8, 4, 4); // rows 2-3 of A are rows 0-1 of C
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> blas.gemm(false, false, 1f, a, new FloatMatrix(4, 4), 0f, c));
        assertTrue(e.getMessage().contains("overlaps A"), e.getMessage());
    }

    static Stream<Arguments> gemvCases() {
        int[][] shapes = {{1, 1}, {3, 5}, {10, 784}, {200, 784}, {784, 200}, {7, 513}};
        List<Arguments> cases = new ArrayList<>();
        backends().forEach(blas -> {
            for (int[] s : shapes) {
                cases.add(Arguments.of(blas, s[0], s[1], false));
                cases.add(Arguments.of(blas, s[0], s[1], true));
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} A {1} x {2} trans={3}")
    @MethodSource("gemvCases")
    void gemvMatchesDoubleReference(Blas blas, int rows, int cols, boolean trans) {
        SplittableRandom r = new SplittableRandom(rows * 31L + cols + (trans ? 1 : 0));
        FloatMatrix a = embedded(rows, cols, r);
        int m = trans ? cols : rows;
        int n = trans ? rows : cols;
        FloatMatrix x = embedded(1, n, r);
        FloatMatrix y = embedded(1, m, r);
        float[] y0 = y.toArray();
        float alpha = -1.25f;
        float beta = 0.5f;
        blas.gemv(trans, alpha, a, x.data(), x.offset(), beta, y.data(), y.offset());
        for (int i = 0; i < m; i++) {
            double sum = 0;
            double abs = 0;
            for (int p = 0; p < n; p++) {
                double t = op(a, trans, i, p) * x.get(0, p);
                sum += t;
                abs += Math.abs(t);
            }
            double expected = alpha * sum + beta * (double) y0[i];
            double tol = 2 * (n + 2) * U * (Math.abs(alpha) * abs + Math.abs(beta * y0[i]));
            assertEquals(expected, y.get(0, i), tol, blas.name() + ": y[" + i + "]");
        }
        assertSentinelsIntact(y);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gemvRangeErrorNamesTheShape(Blas blas) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> blas.gemv(false, 1f, new FloatMatrix(10, 784), new float[800], 20, 0f, new float[10], 0));
        assertEquals("gemv: A is 10 x 784, so x needs 784 floats from offset 20 but its array has length 800",
                e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void levelOneRoutinesMatchDoubleReference(Blas blas) {
        for (int n : new int[] {0, 1, 7, 1000, 159_010}) {
            SplittableRandom r = new SplittableRandom(n);
            FloatMatrix x = embedded(1, n, r);
            FloatMatrix y = embedded(1, n, r);
            float[] y0 = y.toArray();

            double dot = 0;
            double abs = 0;
            for (int i = 0; i < n; i++) {
                dot += (double) x.get(0, i) * y0[i];
                abs += Math.abs((double) x.get(0, i) * y0[i]);
            }
            // the dot-product bound above with k = n
            assertEquals(dot, blas.dot(n, x.data(), x.offset(), y.data(), y.offset()), 2 * (n + 1) * U * abs + 0.0,
                    blas.name() + " dot n=" + n);

            blas.axpy(n, 0.3f, x.data(), x.offset(), y.data(), y.offset());
            for (int i = 0; i < n; i++) {
                double expected = 0.3f * (double) x.get(0, i) + y0[i];
                // two roundings (product, sum) of terms bounded by |alpha x| + |y|
                assertEquals(expected, y.get(0, i), 2 * U * (Math.abs(0.3f * x.get(0, i)) + Math.abs(y0[i])) * 2,
                        blas.name() + " axpy n=" + n + " i=" + i);
            }
            assertSentinelsIntact(y);

            float[] x0 = x.toArray();
            blas.scal(n, -2.5f, x.data(), x.offset());
            for (int i = 0; i < n; i++) {
                // one rounding of the product
                assertEquals(-2.5 * x0[i], x.get(0, i), U * Math.abs(2.5 * x0[i]) * 2, blas.name() + " scal i=" + i);
            }
            assertSentinelsIntact(x);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void levelOneRangeErrors(Blas blas) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> blas.axpy(10, 1f, new float[10], 1, new float[10], 0));
        assertEquals("axpy: x needs 10 floats from offset 1 but its array has length 10", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> blas.dot(-1, new float[1], 0, new float[1], 0));
        assertThrows(IllegalArgumentException.class, () -> blas.scal(2, 1f, new float[2], -1));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void scalKeepsIeeeSemantics(Blas blas) {
        float[] x = {Float.NaN, 1f};
        blas.scal(2, 0f, x, 0);
        assertTrue(Float.isNaN(x[0]), "NaN * 0 is NaN");
        assertEquals(0f, x[1]);
    }

    @ParameterizedTest
    @MethodSource("nativePaths")
    void nativeGemmIsCorrectAndDeterministicUnderConcurrentCalls(OpenBlas blas) throws Exception {
        // Spark runs several task threads in one executor JVM: each must get its own staging
        // buffers, and pinned calls on different arrays must not interfere.
        int threads = 4;
        int calls = 40;
        List<FloatMatrix[]> problems = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom r = new SplittableRandom(100 + t);
            int m = 8 + 16 * t; // different sizes so the buffers differ and grow
            FloatMatrix a = embedded(m, 300, r);
            FloatMatrix b = embedded(300, 50 + t, r);
            problems.add(new FloatMatrix[] {a, b});
            FloatMatrix c = new FloatMatrix(m, 50 + t);
            blas.gemm(false, false, 1f, a, b, 0f, c);
            expected.add(c.toArray());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    FloatMatrix[] p = problems.get(id);
                    FloatMatrix c = new FloatMatrix(p[0].nrow(), p[1].ncol());
                    for (int i = 0; i < calls; i++) {
                        c.fill(Float.NaN);
                        blas.gemm(false, false, 1f, p[0], p[1], 0f, c);
                        if (!java.util.Arrays.equals(expected.get(id), c.toArray())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertTrue(f.get(), "a concurrent native gemm differed from the single-threaded result");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void backendsAgreeClosely() {
        // not bit-identical (different summation orders), but within the gemm bound for k = 784
        SplittableRandom r = new SplittableRandom(9);
        FloatMatrix a = embedded(64, 784, r);
        FloatMatrix b = embedded(784, 200, r);
        FloatMatrix cj = new FloatMatrix(64, 200);
        FloatMatrix cn = new FloatMatrix(64, 200);
        JavaBlas.instance().gemm(false, false, 1f, a, b, 0f, cj);
        OpenBlas.load(1).gemm(false, false, 1f, a, b, 0f, cn);
        float maxDiff = 0;
        for (int i = 0; i < cj.size(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs(cj.data()[i] - cn.data()[i]));
        }
        // |c| ~ sqrt(784)/3 ~ 9; sum |a b| ~ 784/4 ~ 200; bound 2 * 786 * 6e-8 * 200 ~ 0.02
        assertTrue(maxDiff < 0.02f, "max difference " + maxDiff);
    }

    @Test
    void pinnedAndStagedNativeCallsAreBitIdentical() {
        // the same OpenBLAS routine on the same numbers: only the way the operands reach it differs
        OpenBlas pinned = OpenBlas.load(1);
        OpenBlas staged = OpenBlas.loadStaged(1);
        assertTrue(pinned.pinsArrays(), pinned.description());
        assertTrue(!staged.pinsArrays(), staged.description());
        SplittableRandom r = new SplittableRandom(21);
        int[][] sizes = {{1, 1, 1}, {10, 784, 200}, {33, 17, 65}, {200, 300, 150}};
        for (int[] s : sizes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                FloatMatrix a = ta ? embedded(s[1], s[0], r) : embedded(s[0], s[1], r);
                FloatMatrix b = tb ? embedded(s[2], s[1], r) : embedded(s[1], s[2], r);
                FloatMatrix c0 = embedded(s[0], s[2], r);
                FloatMatrix c1 = FloatMatrix.wrap(c0.data().clone(), c0.offset(), c0.nrow(), c0.ncol());
                pinned.gemm(ta, tb, 0.75f, a, b, 0.5f, c0);
                staged.gemm(ta, tb, 0.75f, a, b, 0.5f, c1);
                assertArrayEquals(c1.data(), c0.data(), 0f, "gemm " + java.util.Arrays.toString(s) + " t=" + t);
                assertSentinelsIntact(c0);
            }
            for (boolean trans : new boolean[] {false, true}) {
                FloatMatrix a = embedded(s[1], s[2], r);
                int xLen = trans ? s[1] : s[2];
                int yLen = trans ? s[2] : s[1];
                float[] x = embedded(1, xLen, r).data();
                float[] y0 = embedded(1, yLen + 3, r).data();
                float[] y1 = y0.clone();
                pinned.gemv(trans, 1.5f, a, x, 1, 0.25f, y0, 2);
                staged.gemv(trans, 1.5f, a, x, 1, 0.25f, y1, 2);
                assertArrayEquals(y1, y0, 0f, "gemv " + java.util.Arrays.toString(s) + " trans=" + trans);
            }
        }
    }
}
