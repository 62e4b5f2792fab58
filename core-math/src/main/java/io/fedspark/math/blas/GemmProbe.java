package io.fedspark.math.blas;

import io.fedspark.math.FloatMatrix;
import java.util.Locale;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;

/**
 * A quick throughput check, not the benchmark suite: prints single-precision gemm GFLOPS
 * ({@code 2 m k n / seconds}) of {@link JavaBlas} and {@link OpenBlas} at the MLP shapes
 * 10 x 784 x 200 and 64 x 784 x 200 (plus the backward shapes), as ratios to the Java baseline
 * measured in the same run; then what staging through off-heap buffers costs, and Level-1 Java
 * loops against native calls with their copies.
 *
 * <p>Usage: {@code java -cp <classpath> io.fedspark.math.blas.GemmProbe [threads]}. Each figure is
 * the best of 5 timed runs of at least 0.2 s each, after 1 s of warm-up.
 */
public final class GemmProbe {

    private GemmProbe() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        OpenBlas openBlas = OpenBlas.load(threads);
        JavaBlas javaBlas = JavaBlas.instance();
        System.out.println("native: " + openBlas.description());
        System.out.println("java:   " + System.getProperty("java.vm.name") + " " + Runtime.version()
                + ", " + Runtime.getRuntime().availableProcessors() + " cpus");
        int[][] shapes = {{10, 784, 200, 0}, {64, 784, 200, 0}, {784, 64, 200, 1}, {64, 200, 784, 2}};
        String[] labels = {"forward  X W       ", "forward  X W       ", "backward X^T D (dW)", "backward D W^T (dX)"};
        SplittableRandom random = new SplittableRandom(1);
        for (int s = 0; s < shapes.length; s++) {
            int m = shapes[s][0];
            int k = shapes[s][1];
            int n = shapes[s][2];
            boolean transA = shapes[s][3] == 1;
            boolean transB = shapes[s][3] == 2;
            FloatMatrix a = FloatMatrix.uniform(transA ? k : m, transA ? m : k, random);
            FloatMatrix b = FloatMatrix.uniform(transB ? n : k, transB ? k : n, random);
            FloatMatrix c = new FloatMatrix(m, n);
            double flops = 2.0 * m * n * k;
            double java = rate(flops, () -> javaBlas.gemm(transA, transB, 1f, a, b, 0f, c));
            double nat = rate(flops, () -> openBlas.gemm(transA, transB, 1f, a, b, 0f, c));
            System.out.printf(Locale.ROOT, "gemm %s m=%3d k=%3d n=%3d  java %6.1f GFLOPS   native %6.1f GFLOPS  (%.1fx java)%n",
                    labels[s], m, k, n, java / 1e9, nat / 1e9, nat / java);
            if (s < 2) {
                printStagingCost(m, n, k, a, b, c, flops, nat);
            }
        }
        printLevel1(openBlas, javaBlas, random);
    }

    /** Native gemm with the operands already off-heap (the upper bound) and with JavaCPP's float[] overload. */
    private static void printStagingCost(int m, int n, int k, FloatMatrix a, FloatMatrix b, FloatMatrix c,
                                         double flops, double staged) {
        FloatPointer pa = new FloatPointer(a.size()).put(a.data(), 0, a.size());
        FloatPointer pb = new FloatPointer(b.size()).put(b.data(), 0, b.size());
        FloatPointer pc = new FloatPointer(c.size());
        double resident = rate(flops, () -> openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans,
                openblas.CblasNoTrans, m, n, k, 1f, pa, k, pb, n, 0f, pc, n));
        double arrays = rate(flops, () -> openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans,
                openblas.CblasNoTrans, m, n, k, 1f, a.data(), k, b.data(), n, 0f, c.data(), n));
        System.out.printf(Locale.ROOT, "     staging: operands resident off-heap %6.1f GFLOPS, JavaCPP float[] overload %6.1f,"
                + " our staged copies %6.1f%n", resident / 1e9, arrays / 1e9, staged / 1e9);
        pa.close();
        pb.close();
        pc.close();
    }

    private static void printLevel1(OpenBlas openBlas, JavaBlas javaBlas, SplittableRandom random) {
        for (int n : new int[] {200, 159_010}) {
            float[] x = FloatMatrix.uniform(1, n, random).data();
            float[] y = FloatMatrix.uniform(1, n, random).data();
            double ja = rate(2.0 * n, () -> javaBlas.axpy(n, 1e-6f, x, 0, y, 0));
            double na = rate(2.0 * n, () -> openBlas.nativeAxpy(n, 1e-6f, x, 0, y, 0));
            double jd = rate(2.0 * n, () -> javaBlas.dot(n, x, 0, y, 0));
            double nd = rate(2.0 * n, () -> openBlas.nativeDot(n, x, 0, y, 0));
            double js = rate(n, () -> javaBlas.scal(n, 0.99999994f, x, 0));
            double ns = rate(n, () -> openBlas.nativeScal(n, 0.99999994f, x, 0));
            System.out.printf(Locale.ROOT, "level1 n=%6d GFLOPS java/native(with copies): axpy %.2f/%.2f  dot %.2f/%.2f"
                    + "  scal %.2f/%.2f%n", n, ja / 1e9, na / 1e9, jd / 1e9, nd / 1e9, js / 1e9, ns / 1e9);
        }
    }


    /** Operations per second: best of 5 runs of at least 0.2 s, after 1 s of warm-up. */
    private static double rate(double opsPerCall, Runnable call) {
        long warmEnd = System.nanoTime() + 1_000_000_000L;
        long calls = 0;
        while (System.nanoTime() < warmEnd) {
            call.run();
            calls++;
        }
        long perRun = Math.max(1, calls / 5);
        double best = 0;
        for (int r = 0; r < 5; r++) {
            long t0 = System.nanoTime();
            long done = 0;
            do {
                for (long i = 0; i < perRun; i++) {
                    call.run();
                }
                done += perRun;
            } while (System.nanoTime() - t0 < 200_000_000L);
            best = Math.max(best, opsPerCall * done / (System.nanoTime() - t0));
        }
        return best * 1e9;
    }
}
