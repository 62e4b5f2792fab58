package io.fedspark.math.linalg;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.OpenBlas;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A quick timing check, not the benchmark suite: milliseconds of {@link Cholesky#factor} (and of
 * one solve with {@code n / 10} right-hand sides) for n = 100, 500, 1000 in float and double,
 * native LAPACKE against the pure-Java fallback measured in the same run, with the ratio. Native
 * times include the copies to and from off-heap buffers and LAPACKE's row-major transposition.
 *
 * <p>Usage: {@code java -cp <classpath> io.fedspark.math.linalg.CholeskyProbe [threads [sizes...]]}
 * (OpenBLAS threads, default 1). Each figure is the best of at least 5 timed runs lasting at
 * least 0.3 s in all, after 3 warm-up runs (the best, not the median, because a shared machine's
 * load only ever adds time).
 */
public final class CholeskyProbe {

    private CholeskyProbe() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int[] sizes = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {100, 500, 1000};
        System.out.println("native: " + OpenBlas.load(threads).description());
        System.out.println("java:   " + System.getProperty("java.vm.name") + " " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " cpus");
        for (int n : sizes) {
            double[] a = spd(n, new SplittableRandom(n));
            float[] af = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                af[i] = (float) a[i];
            }
            int k = Math.max(1, n / 10);
            FloatMatrix fa = FloatMatrix.wrap(af, n, n);
            FloatMatrix fb = FloatMatrix.wrap(Arrays.copyOf(af, n * k), n, k);
            DoubleMatrix da = DoubleMatrix.wrap(a, n, n);
            DoubleMatrix db = DoubleMatrix.wrap(Arrays.copyOf(a, n * k), n, k);
            for (MathBackend precisionPass : new MathBackend[] {MathBackend.NATIVE, MathBackend.JAVA}) {
                boolean single = precisionPass == MathBackend.NATIVE; // first pass float, second double
                double nativeFactor = millis(() -> factor(single, fa, da, MathBackend.NATIVE));
                double javaFactor = millis(() -> factor(single, fa, da, MathBackend.JAVA));
                Object nf = factor(single, fa, da, MathBackend.NATIVE);
                Object jf = factor(single, fa, da, MathBackend.JAVA);
                double nativeSolve = millis(() -> solve(nf, fb, db));
                double javaSolve = millis(() -> solve(jf, fb, db));
                System.out.printf(Locale.ROOT, "%-6s n=%4d  factor: native %8.2f ms  java %8.2f ms (%5.1fx)"
                                + "   solve k=%3d: native %7.2f ms  java %7.2f ms (%5.1fx)%n",
                        single ? "float" : "double", n, nativeFactor, javaFactor, javaFactor / nativeFactor, k,
                        nativeSolve, javaSolve, javaSolve / nativeSolve);
            }
        }
    }

    private static Object factor(boolean single, FloatMatrix fa, DoubleMatrix da, MathBackend backend) {
        return single ? Cholesky.factor(fa, backend) : Cholesky.factor(da, backend);
    }

    private static Object solve(Object factor, FloatMatrix fb, DoubleMatrix db) {
        return factor instanceof FloatCholesky ? ((FloatCholesky) factor).solve(fb) : ((DoubleCholesky) factor).solve(db);
    }

    /** A random SPD matrix {@code M M' / n + I/2} (condition number below 10). */
    private static double[] spd(int n, SplittableRandom r) {
        double[] m = new double[n * n];
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextGaussian();
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += m[i * n + p] * m[j * n + p];
                }
                a[i * n + j] = s / n + (i == j ? 0.5 : 0);
                a[j * n + i] = a[i * n + j];
            }
        }
        return a;
    }

    private static double millis(Runnable run) {
        for (int i = 0; i < 3; i++) {
            run.run();
        }
        double[] times = new double[64];
        int count = 0;
        long start = System.nanoTime();
        while (count < times.length && (count < 5 || System.nanoTime() - start < 300_000_000L)) {
            long t0 = System.nanoTime();
            run.run();
            times[count++] = (System.nanoTime() - t0) / 1e6;
        }
        return Arrays.stream(times, 0, count).min().orElseThrow();
    }
}
