package io.fedspark.math.blas;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;

import io.fedspark.math.FloatMatrix;
import java.io.IOException;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_full;

/**
 * Native BLAS: OpenBLAS (Xianyi, Wang and Zhang, "Model-driven Level 3 BLAS performance
 * optimization on Loongson 3A processor", ICPADS 2012; the GotoBLAS2 kernels) called through the
 * JavaCPP presets {@code org.bytedeco.openblas.global.openblas} ({@code cblas_sgemm},
 * {@code cblas_sgemv}, ...).
 *
 * <p>{@code gemm} and {@code gemv} run on the Java arrays in place when the pinned-array binding
 * loads ({@link PinnedArrayBlas}, on Linux with glibc 2.34 or newer, in a JVM started with
 * {@link PinnedArrayBlas#JVM_OPTIONS} as fedspark's launcher and Spark defaults do). Otherwise
 * operands are <em>staged</em>: copied into per-thread, reused off-heap buffers
 * ({@link NativeScratch}) and only the output is copied back, because JavaCPP's {@code float[]}
 * overloads would copy every whole array in and out on each call and cannot address views at an
 * offset. Both paths call the same OpenBLAS routine and give bit-identical results; the
 * description says which one is in use and, for staging, why. Level-1 routines
 * ({@code axpy}, {@code dot}, {@code scal}) do O(n) work on O(n) data, so staging costs more than
 * the arithmetic: they run as Java loops ({@link JavaBlas}). Measured by {@link GemmProbe} on
 * 159,010 floats (one mlp:784-200-10), GFLOPS Java vs native-with-copies: axpy 33 vs 8.5,
 * scal 55 vs 8, dot 7.9 vs 11; at n = 200: axpy 37 vs 3.3, dot 7.6 vs 5.0. gemv stays native
 * (24 vs 7.5 GFLOPS at 200 x 784, copies included).
 *
 * <p>The OpenBLAS thread count is process-wide; {@link #load(int)} sets it with
 * {@code openblas_set_num_threads} (mapped only in {@code openblas_full} by JavaCPP 1.5.13).
 * Thread-safe: concurrent calls from Spark task threads each use their own buffers.
 */
public final class OpenBlas implements Blas {

    private static final ThreadLocal<NativeScratch> SCRATCH = ThreadLocal.withInitial(NativeScratch::new);

    private final int threads;
    private final PinnedArrayBlas pinned; // null: operands are staged
    private final String operands;
    private final String version;
    private final String coreName;
    private final String javacppVersion;

    private OpenBlas(int threads, PinnedArrayBlas pinned, String operands, String version, String coreName,
            String javacppVersion) {
        this.threads = threads;
        this.pinned = pinned;
        this.operands = operands;
        this.version = version;
        this.coreName = coreName;
        this.javacppVersion = javacppVersion;
    }

    /**
     * The JVM options under which {@link #load} pins arrays on JDK 17 (see {@link PinnedArrayBlas}),
     * for code that starts JVMs of its own (e.g. JMH forks) which should pin as the launcher's do.
     */
    public static final String PINNING_JVM_OPTIONS = PinnedArrayBlas.JVM_OPTIONS;

    /**
     * Loads the native library (once per JVM; later calls are cheap), sets the OpenBLAS thread
     * count and loads the pinned-array binding for gemm and gemv ({@link PinnedArrayBlas}); if that
     * binding is unavailable, gemm and gemv stage their operands and {@link #description()} says
     * why. Prefer {@link MathRuntime#blas()}, which chooses the backend once per JVM.
     *
     * @throws IllegalStateException with the loader's error as cause if OpenBLAS cannot be loaded
     */
    public static OpenBlas load(int threads) {
        OpenBlas staged = loadStaged(threads);
        PinnedArrayBlas.Loaded binding = PinnedArrayBlas.load();
        if (binding.blas() == null) {
            return new OpenBlas(staged.threads, null, "operands staged, because " + binding.unavailableBecause(),
                    staged.version, staged.coreName, staged.javacppVersion);
        }
        return new OpenBlas(staged.threads, binding.blas(), "arrays pinned", staged.version, staged.coreName,
                staged.javacppVersion);
    }

    /**
     * Like {@link #load(int)}, but gemm and gemv always stage their operands: the fallback path,
     * for tests and for measuring what pinning saves ({@code bench math} figure e).
     */
    public static OpenBlas loadStaged(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("OpenBLAS threads is " + threads + ", expected at least 1");
        }
        try {
            Loader.load(openblas.class);
            Loader.load(openblas_full.class);
            openblas_full.openblas_set_num_threads(threads);
            int actual = openblas_full.openblas_get_num_threads();
            String config = openblas_full.openblas_get_config().getString();
            String core = openblas_full.openblas_get_corename().getString();
            return new OpenBlas(actual, null, "operands staged", versionOf(config), core, javacppVersion());
        } catch (LinkageError | RuntimeException e) {
            throw new IllegalStateException("native OpenBLAS (org.bytedeco:openblas, platform "
                    + Loader.getPlatform() + ") could not be loaded: " + e, e);
        }
    }

    /** "OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64" gives "0.3.31". */
    private static String versionOf(String config) {
        String[] words = config.trim().split("\\s+");
        return words.length > 1 && words[0].equals("OpenBLAS") ? words[1] : openblas.OPENBLAS_VERSION.trim();
    }

    private static String javacppVersion() {
        try {
            String v = Loader.getVersion();
            return v == null ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** OpenBLAS threads per call, as reported by {@code openblas_get_num_threads} after setting it. */
    public int threads() {
        return threads;
    }

    /** The OpenBLAS version reported by the loaded library, e.g. {@code "0.3.31"}. */
    public String version() {
        return version;
    }

    /** The kernel set OpenBLAS chose at load time, e.g. {@code "Haswell"} (see OPENBLAS_CORETYPE). */
    public String coreName() {
        return coreName;
    }

    /**
     * For provenance, e.g. {@code "native OpenBLAS 0.3.31 (javacpp 1.5.13, core Haswell), 1 thread,
     * arrays pinned"}; on the fallback path it ends with {@code "operands staged, because ..."}.
     */
    public String description() {
        return "native OpenBLAS " + version + " (javacpp " + javacppVersion + ", core " + coreName + "), "
                + threads + (threads == 1 ? " thread" : " threads") + ", " + operands;
    }

    /** True if gemm and gemv work on the Java arrays in place, false if they stage copies. */
    public boolean pinsArrays() {
        return pinned != null;
    }

    @Override
    public String name() {
        return "native OpenBLAS " + version;
    }

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, FloatMatrix a, FloatMatrix b, float beta, FloatMatrix c) {
        BlasArguments.GemmSize size = BlasArguments.gemm(transA, transB, a, b, c);
        if (size.completeWithoutProduct(alpha, beta, c)) {
            return;
        }
        if (pinned != null) {
            pinned.gemm(transA, transB, size.m(), size.n(), size.k(), alpha, a, b, beta, c);
            return;
        }
        NativeScratch scratch = SCRATCH.get();
        FloatPointer pa = scratch.get(0, a.size()).put(a.data(), a.offset(), a.size());
        FloatPointer pb = scratch.get(1, b.size()).put(b.data(), b.offset(), b.size());
        // beta = 0: C is not staged at all. OpenBLAS never reads C then (its small-matrix "b0"
        // kernels and its beta kernel store zeros; BlasTest fills the reused buffer with NaN to
        // check it), which saves a zero-fill of C per call: 627 KB for a 784 x 200 weight gradient.
        FloatPointer pc = beta == 0f ? scratch.get(2, c.size()) : scratch.get(2, c.size()).put(c.data(), c.offset(), c.size());
        openblas.cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                size.m(), size.n(), size.k(), alpha, pa, a.ncol(), pb, b.ncol(), beta, pc, size.n());
        pc.get(c.data(), c.offset(), c.size());
    }

    @Override
    public void gemv(boolean trans, float alpha, FloatMatrix a, float[] x, int xOff, float beta, float[] y, int yOff) {
        int[] mn = BlasArguments.gemv(trans, a, x, xOff, y, yOff);
        int m = mn[0];
        int n = mn[1];
        if (m == 0) {
            return;
        }
        if (n == 0 || alpha == 0f) {
            JavaBlas.scaleOutput(y, yOff, m, beta);
            return;
        }
        if (beta == 0f) {
            // y is only m floats: zero it rather than rely on sgemv_ not reading it (BLAS says it
            // does not; this holds whatever the library version does, on both paths)
            JavaBlas.scaleOutput(y, yOff, m, 0f);
        }
        if (pinned != null) {
            pinned.gemv(trans, alpha, a, x, xOff, beta, y, yOff);
            return;
        }
        NativeScratch scratch = SCRATCH.get();
        FloatPointer pa = scratch.get(0, a.size()).put(a.data(), a.offset(), a.size());
        FloatPointer px = scratch.get(1, n).put(x, xOff, n);
        FloatPointer py = scratch.get(2, m).put(y, yOff, m);
        openblas.cblas_sgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, a.nrow(), a.ncol(),
                alpha, pa, a.ncol(), px, 1, beta, py, 1);
        py.get(y, yOff, m);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        JavaBlas.instance().axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        return JavaBlas.instance().dot(n, x, xOff, y, yOff);
    }

    @Override
    public void scal(int n, float alpha, float[] x, int xOff) {
        JavaBlas.instance().scal(n, alpha, x, xOff);
    }

    /** Native {@code cblas_saxpy} (with the copies); kept to measure against the Java loop. */
    void nativeAxpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        BlasArguments.range("axpy", "x", x, xOff, n);
        BlasArguments.range("axpy", "y", y, yOff, n);
        if (n == 0) {
            return;
        }
        NativeScratch scratch = SCRATCH.get();
        FloatPointer px = scratch.get(0, n).put(x, xOff, n);
        FloatPointer py = scratch.get(1, n).put(y, yOff, n);
        openblas.cblas_saxpy(n, alpha, px, 1, py, 1);
        py.get(y, yOff, n);
    }

    /** Native {@code cblas_sdot} (with the copies); kept to measure against the Java loop. */
    float nativeDot(int n, float[] x, int xOff, float[] y, int yOff) {
        BlasArguments.range("dot", "x", x, xOff, n);
        BlasArguments.range("dot", "y", y, yOff, n);
        if (n == 0) {
            return 0f;
        }
        NativeScratch scratch = SCRATCH.get();
        FloatPointer px = scratch.get(0, n).put(x, xOff, n);
        FloatPointer py = scratch.get(1, n).put(y, yOff, n);
        return openblas.cblas_sdot(n, px, 1, py, 1);
    }

    /** Native {@code cblas_sscal} (with the copies); kept to measure against the Java loop. */
    void nativeScal(int n, float alpha, float[] x, int xOff) {
        BlasArguments.range("scal", "x", x, xOff, n);
        if (n == 0) {
            return;
        }
        FloatPointer px = SCRATCH.get().get(0, n).put(x, xOff, n);
        openblas.cblas_sscal(n, alpha, px, 1);
        px.get(x, xOff, n);
    }

    @Override
    public String toString() {
        return description();
    }
}
