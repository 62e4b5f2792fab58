package io.fedspark.math.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both backends on random SPD matrices {@code A = M M' / n + I/2} (M Gaussian), whose
 * eigenvalues lie in about [0.5, 4.5]: condition number below 10.
 *
 * <p>Tolerances (u = 2^-24 for float, 2^-53 for double): Cholesky is backward stable,
 * {@code (A + E) x = b} with {@code |E| <= c n u |L||L'|} (Higham, "Accuracy and Stability of
 * Numerical Algorithms", 2nd ed., theorems 10.3-10.4), and here {@code || |L||L'| || <= n ||A||}
 * is far too pessimistic, so we check the normwise backward error
 * {@code ||A X - B||_F / (||A||_F ||X||_F)} against {@code 4 n u}, and the forward error against
 * {@code 4 n u cond(A)} with cond below 10. A wrong index, a missed term or a transposed factor
 * gives errors of order 1.
 */
@Tag("line-independent")
class CholeskyTest {

    private static final double U_FLOAT = Math.ulp(1.0f) / 2;
    private static final double U_DOUBLE = Math.ulp(1.0) / 2;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (MathBackend backend : new MathBackend[] {MathBackend.NATIVE, MathBackend.JAVA}) {
            for (int[] nk : new int[][] {{1, 1}, {2, 3}, {7, 1}, {50, 4}, {201, 17}}) {
                out.add(Arguments.of(backend, nk[0], nk[1]));
            }
        }
        return out.stream();
    }

    /** A random SPD n x n matrix, in double. */
    static double[] spd(int n, SplittableRandom r) {
        double[] m = new double[n * n];
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextGaussian();
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += m[i * n + k] * m[j * n + k];
                }
                a[i * n + j] = s / n + (i == j ? 0.5 : 0);
                a[j * n + i] = a[i * n + j];
            }
        }
        return a;
    }

    private static double[] gaussian(int len, SplittableRandom r) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    /** {@code a * x} (n x n times n x k) in double. */
    private static double[] multiply(double[] a, int n, double[] x, int k) {
        double[] y = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                double aip = a[i * n + p];
                for (int c = 0; c < k; c++) {
                    y[i * k + c] += aip * x[p * k + c];
                }
            }
        }
        return y;
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double[] minus(double[] x, double[] y) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i] - y[i];
        }
        return d;
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }

    /**
     * A copy of {@code a} embedded at an offset in a larger array, with NaN above the diagonal and
     * around the matrix: the factorisation must read only the lower triangle of its own range.
     */
    private static float[] embedFloat(double[] a, int n, int before) {
        float[] data = new float[before + n * n + 5];
        Arrays.fill(data, Float.NaN);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                data[before + i * n + j] = (float) a[i * n + j];
            }
        }
        return data;
    }

    @ParameterizedTest(name = "float {0} n={1} k={2}")
    @MethodSource("cases")
    void floatSolveHasSmallResidualAndError(MathBackend backend, int n, int k) {
        SplittableRandom r = new SplittableRandom(1000L * n + k);
        double[] a = toDouble(toFloat(spd(n, r))); // the float matrix, exactly
        double[] xTrue = gaussian(n * k, r);
        double[] b = toDouble(toFloat(multiply(a, n, xTrue, k)));
        FloatCholesky chol = Cholesky.factor(FloatMatrix.wrap(embedFloat(a, n, 3), 3, n, n), backend);
        assertEquals(backend, chol.backend());
        float[] bData = toFloat(b);
        FloatMatrix x = chol.solve(FloatMatrix.wrap(bData, n, k));
        assertEquals(n + " x " + k, x.shape());
        assertTrue(Arrays.equals(toFloat(b), bData), "B must not be modified");
        double[] xd = toDouble(x.toArray());
        double backward = norm(minus(multiply(a, n, xd, k), b)) / (norm(a) * norm(xd));
        assertTrue(backward <= 4 * n * U_FLOAT, "backward error " + backward);
        double forward = norm(minus(xd, xTrue)) / norm(xTrue);
        assertTrue(forward <= 4 * n * U_FLOAT * 10, "forward error " + forward);
        double[] l = toDouble(chol.factor().toArray());
        double[] llt = multiply(l, n, transpose(l, n), n);
        assertTrue(norm(minus(llt, a)) / norm(a) <= 4 * n * U_FLOAT, "L L' must reproduce A");
        for (int i = 0; i < n; i++) {
            assertTrue(l[i * n + i] > 0);
            for (int j = i + 1; j < n; j++) {
                assertEquals(0.0, l[i * n + j], "above the diagonal");
            }
        }
    }

    @ParameterizedTest(name = "double {0} n={1} k={2}")
    @MethodSource("cases")
    void doubleSolveHasSmallResidualAndError(MathBackend backend, int n, int k) {
        SplittableRandom r = new SplittableRandom(1000L * n + k);
        double[] a = spd(n, r);
        double[] xTrue = gaussian(n * k, r);
        double[] b = multiply(a, n, xTrue, k);
        double[] embedded = new double[2 + n * n];
        Arrays.fill(embedded, Double.NaN);
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, i * n, embedded, 2 + i * n, i + 1);
        }
        DoubleCholesky chol = Cholesky.factor(DoubleMatrix.wrap(embedded, 2, n, n), backend);
        double[] x = chol.solve(DoubleMatrix.wrap(b.clone(), n, k)).toArray();
        double backward = norm(minus(multiply(a, n, x, k), b)) / (norm(a) * norm(x));
        assertTrue(backward <= 4 * n * U_DOUBLE, "backward error " + backward);
        double forward = norm(minus(x, xTrue)) / norm(xTrue);
        assertTrue(forward <= 4 * n * U_DOUBLE * 10, "forward error " + forward);
    }

    private static double[] transpose(double[] a, int n) {
        double[] t = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j * n + i] = a[i * n + j];
            }
        }
        return t;
    }

    @ParameterizedTest
    @EnumSource(value = MathBackend.class, names = {"NATIVE", "JAVA"})
    void logDeterminantOfAKnownMatrix(MathBackend backend) {
        // [[4, 2], [2, 3]]: det = 8; diag(1e-30 ... ) would underflow a plain determinant
        assertEquals(Math.log(8), Cholesky.factor(DoubleMatrix.wrap(new double[] {4, 2, 2, 3}, 2, 2), backend)
                .logDeterminant(), 1e-15);
        assertEquals(Math.log(8), Cholesky.factor(FloatMatrix.wrap(new float[] {4, 2, 2, 3}, 2, 2), backend)
                .logDeterminant(), 1e-6);
        int n = 100;
        double[] tiny = new double[n * n];
        for (int i = 0; i < n; i++) {
            tiny[i * n + i] = 1e-10;
        }
        assertEquals(n * Math.log(1e-10), Cholesky.factor(DoubleMatrix.wrap(tiny, n, n), backend).logDeterminant(),
                1e-9 * n * Math.abs(Math.log(1e-10)));
    }

    @Test
    void backendsAgreeOnTheDeterminantOfARandomMatrix() {
        double[] a = spd(120, new SplittableRandom(5));
        double logDetNative = Cholesky.factor(DoubleMatrix.wrap(a, 120, 120), MathBackend.NATIVE).logDeterminant();
        double logDetJava = Cholesky.factor(DoubleMatrix.wrap(a, 120, 120), MathBackend.JAVA).logDeterminant();
        assertEquals(logDetNative, logDetJava, 1e-10 * Math.abs(logDetNative) + 1e-10);
    }

    /** An SPD matrix whose 17th leading minor is negative: A = L0 L0' with 2 L0[16][16]^2 taken off A[16][16]. */
    static double[] indefiniteAt17(int n) {
        SplittableRandom r = new SplittableRandom(17);
        double[] l0 = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                l0[i * n + j] = r.nextGaussian() * 0.3;
            }
            l0[i * n + i] = 1 + r.nextDouble();
        }
        double[] a = multiply(l0, n, transpose(l0, n), n);
        a[16 * n + 16] -= 2 * l0[16 * n + 16] * l0[16 * n + 16];
        return a;
    }

    @ParameterizedTest
    @EnumSource(value = MathBackend.class, names = {"NATIVE", "JAVA"})
    void notPositiveDefiniteNamesTheLeadingMinor(MathBackend backend) {
        double[] a = indefiniteAt17(50);
        String expected = "cholesky: matrix 50 x 50 is not positive definite (leading minor 17 is not positive);"
                + " add a ridge (lambda * I)";
        NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                () -> Cholesky.factor(DoubleMatrix.wrap(a, 50, 50), backend));
        assertEquals(expected, e.getMessage());
        assertEquals(17, e.leadingMinor());
        assertEquals(50, e.order());
        assertEquals(expected, assertThrows(NotPositiveDefiniteException.class,
                () -> Cholesky.factor(FloatMatrix.wrap(toFloat(a), 50, 50), backend)).getMessage());
        // a zero (semi-definite) matrix fails at the first minor
        assertEquals(1, assertThrows(NotPositiveDefiniteException.class,
                () -> Cholesky.factor(new FloatMatrix(3, 3), backend)).leadingMinor());
    }

    @ParameterizedTest
    @EnumSource(value = MathBackend.class, names = {"NATIVE", "JAVA"})
    void shapeErrorsNameBothShapes(MathBackend backend) {
        assertEquals("cholesky: matrix 3 x 4 is not square; a Cholesky factorisation needs a symmetric n x n matrix",
                assertThrows(IllegalArgumentException.class,
                        () -> Cholesky.factor(new FloatMatrix(3, 4), backend)).getMessage());
        FloatCholesky f = Cholesky.factor(FloatMatrix.wrap(toFloat(spd(50, new SplittableRandom(1))), 50, 50), backend);
        assertEquals("cholesky solve: A is 50 x 50 but B is 49 x 3; B needs 50 rows",
                assertThrows(IllegalArgumentException.class, () -> f.solve(new FloatMatrix(49, 3))).getMessage());
        DoubleCholesky d = Cholesky.factor(DoubleMatrix.wrap(spd(4, new SplittableRandom(1)), 4, 4), backend);
        assertEquals("cholesky solve: A is 4 x 4 but B is 5 x 1; B needs 4 rows",
                assertThrows(IllegalArgumentException.class, () -> d.solve(new DoubleMatrix(5, 1))).getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = MathBackend.class, names = {"NATIVE", "JAVA"})
    void nonFiniteInputsAreRefusedWithTheirPosition(MathBackend backend) {
        double[] a = spd(4, new SplittableRandom(2));
        a[2 * 4 + 1] = Double.NaN;
        assertEquals("cholesky: matrix 4 x 4 has a non-finite element NaN at (2, 1); expected finite values",
                assertThrows(IllegalArgumentException.class,
                        () -> Cholesky.factor(DoubleMatrix.wrap(a, 4, 4), backend)).getMessage());
        FloatCholesky f = Cholesky.factor(FloatMatrix.wrap(toFloat(spd(4, new SplittableRandom(2))), 4, 4), backend);
        float[] b = new float[8];
        b[5] = Float.POSITIVE_INFINITY;
        assertEquals("cholesky solve: B (4 x 2) has a non-finite element Infinity at (2, 1); expected finite values",
                assertThrows(IllegalArgumentException.class, () -> f.solve(FloatMatrix.wrap(b, 4, 2))).getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = MathBackend.class, names = {"NATIVE", "JAVA"})
    void emptySystems(MathBackend backend) {
        FloatCholesky f = Cholesky.factor(new FloatMatrix(0, 0), backend);
        assertEquals(0.0, f.logDeterminant());
        assertEquals("0 x 3", f.solve(new FloatMatrix(0, 3)).shape());
        DoubleCholesky d = Cholesky.factor(DoubleMatrix.wrap(new double[] {4}, 1, 1), backend);
        assertEquals("1 x 0", d.solve(new DoubleMatrix(1, 0)).shape());
        assertEquals(0.5, d.solve(DoubleMatrix.wrap(new double[] {2}, 1, 1)).get(0, 0), 0.0);
    }

    @Test
    void autoFollowsTheMathRuntime() {
        FloatCholesky f = Cholesky.factor(FloatMatrix.wrap(new float[] {2}, 1, 1));
        assertSame(MathRuntime.backend(), f.backend());
        assertSame(MathRuntime.backend(), Cholesky.factor(DoubleMatrix.wrap(new double[] {2}, 1, 1)).backend());
    }

    @Test
    void nativeSolvesFromManyThreadsMatchOneThread() throws Exception {
        int n = 80;
        int k = 3;
        SplittableRandom r = new SplittableRandom(9);
        FloatCholesky f = Cholesky.factor(FloatMatrix.wrap(toFloat(spd(n, r)), n, n), MathBackend.NATIVE);
        List<float[]> rhs = new ArrayList<>();
        List<float[]> expected = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            float[] b = toFloat(gaussian(n * k, r));
            rhs.add(b);
            expected.add(f.solve(FloatMatrix.wrap(b, n, k)).toArray());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (float[] b : rhs) {
                results.add(pool.submit(() -> f.solve(FloatMatrix.wrap(b, n, k)).toArray()));
            }
            for (int t = 0; t < rhs.size(); t++) {
                assertTrue(Arrays.equals(expected.get(t), results.get(t).get()), "solve " + t);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
