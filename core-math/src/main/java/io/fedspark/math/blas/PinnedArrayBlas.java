package io.fedspark.math.blas;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.ludovic.netlib.blas.NativeBLAS;
import io.fedspark.math.FloatMatrix;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.javacpp.Loader;

/**
 * OpenBLAS's Fortran {@code sgemm_} and {@code sgemv_} called on Java arrays <em>in place</em>,
 * without copying them: the JNI binding {@code dev.ludovic.netlib:blas} (the one Spark's MLlib
 * uses) takes each array with JNI {@code GetPrimitiveArrayCritical}, which on HotSpot hands native
 * code the array's own memory while the garbage collector is held off for the call.
 *
 * <p>Why: JavaCPP, the binding the rest of {@link OpenBlas} uses, can only pass off-heap memory
 * without a copy, so the staged path copies every operand into off-heap buffers on each call.
 * For the first layer of an MLP at batch 10 (gemm 10 x 784 x 200) that copy of the 627 KB weight
 * matrix cost about 10% of the call (core gemm at 0.89 of raw {@code cblas_sgemm}); in place the
 * call runs at the raw speed (docs/benchmarks.md).
 *
 * <p>The binding {@code dlopen}s the library named by the system property
 * {@code dev.ludovic.netlib.blas.nativeLibPath} when it is first loaded. {@link #load()} points
 * it at the OpenBLAS file JavaCPP loaded (the one {@code cblas_sgemm} and
 * {@code openblas_set_num_threads} bind to), so both paths run the same library with the same
 * thread count. If something else already loaded the binding, possibly with another BLAS (a
 * {@code libblas.so.3}), it is not used and the reason is reported.
 *
 * <p>Holding an array with {@code GetPrimitiveArrayCritical} holds off the garbage collector
 * ("GC locker") on JDK 17. A thread whose allocation needs a collection while other threads keep
 * entering critical regions retries only {@code GCLockerRetryAllocationCount} times (2 by default)
 * and then throws {@code OutOfMemoryError}, even with free heap. Measured here: 6 threads doing
 * 10 x 784 x 200 gemms and 2 threads allocating 800 KB arrays in a 256 MB heap threw 4 such errors
 * in 20 s; with {@code -XX:+UnlockDiagnosticVMOptions -XX:GCLockerRetryAllocationCount=100} none,
 * and none on the staged path. In a Spark executor an {@code OutOfMemoryError} kills the executor,
 * so the binding is used only in a JVM started with at least {@value #MIN_GC_LOCKER_RETRIES}
 * retries ({@link #JVM_OPTIONS}, set by conf/spark-defaults.conf, the launcher and surefire's JVMs),
 * or on JDK 22+ with G1, which pins regions instead of locking out the collector (JEP 423);
 * otherwise operands are staged and the description says why.
 *
 * <p>Row-major calls are mapped to the column-major Fortran ones by the identity
 * {@code C^T = op(B)^T op(A)^T}: a row-major {@code r x c} matrix with leading dimension {@code c}
 * is, read column-major, its {@code c x r} transpose.
 */
final class PinnedArrayBlas {

    static final String LIBRARY_PATH_PROPERTY = "dev.ludovic.netlib.blas.nativeLibPath";
    static final long MIN_GC_LOCKER_RETRIES = 100;
    /** The JVM options that make pinning safe on JDK 17 (see the type's comment). */
    public static final String JVM_OPTIONS = "-XX:+UnlockDiagnosticVMOptions -XX:GCLockerRetryAllocationCount=100";
    private static final String BINDING_LIBRARY = "libnetlibblasjni";

    private static volatile Loaded loaded;

    private final NativeBLAS blas;
    private final String libraryPath;

    private PinnedArrayBlas(NativeBLAS blas, String libraryPath) {
        this.blas = blas;
        this.libraryPath = libraryPath;
    }

    /** The binding, or why it cannot be used. Exactly one of the two is non-null. */
    record Loaded(PinnedArrayBlas blas, String unavailableBecause) {
    }

    /**
     * Loads the binding once per JVM, after JavaCPP has loaded OpenBLAS (call from
     * {@link OpenBlas#load(int)}); later calls return the first outcome.
     */
    static Loaded load() {
        Loaded l = loaded;
        if (l == null) {
            synchronized (PinnedArrayBlas.class) {
                l = loaded;
                if (l == null) {
                    l = tryLoad();
                    loaded = l;
                }
            }
        }
        return l;
    }

    private static Loaded tryLoad() {
        String path = openBlasPath(Loader.getLoadedLibraries());
        String conflict = conflict(path, System.getProperty(LIBRARY_PATH_PROPERTY), mappedLibraries());
        if (conflict == null) {
            conflict = gcLockerRisk(Runtime.version().feature(), usesG1(), gcLockerRetries());
        }
        if (conflict != null) {
            return new Loaded(null, conflict);
        }
        System.setProperty(LIBRARY_PATH_PROPERTY, path);
        try {
            // JNIBLAS itself rather than NativeBLAS.getInstance(): the latter logs a warning about
            // its Java fallbacks and drops the cause of a load failure.
            Class<?> jni = Class.forName("dev.ludovic.netlib.blas.JNIBLAS");
            Method getInstance = jni.getDeclaredMethod("getInstance");
            getInstance.setAccessible(true);
            NativeBLAS blas = (NativeBLAS) getInstance.invoke(null);
            return new Loaded(new PinnedArrayBlas(blas, path), null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return new Loaded(null, "the dev.ludovic.netlib JNI binding did not load: " + rootCause(e));
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    /**
     * The OpenBLAS file JavaCPP loaded first: {@code openblas_nolapack@.0} (JavaCPP's
     * {@code openblas} class loads it; its JNI library binds {@code cblas_sgemm} to it), else
     * {@code openblas@.0}; null if neither is loaded.
     */
    static String openBlasPath(Map<String, String> loadedLibraries) {
        String p = loadedLibraries.get("openblas_nolapack@.0");
        return p != null ? p : loadedLibraries.get("openblas@.0");
    }

    /**
     * Why the binding must not be loaded here, or null if it can be: OpenBLAS was not found, the
     * property already names another library, or the binding is already mapped into the process
     * (loaded by another component, with whatever library that component chose).
     */
    static String conflict(String openBlasPath, String propertyValue, String mappedLibraries) {
        if (openBlasPath == null) {
            return "JavaCPP has not loaded an OpenBLAS library file";
        }
        if (propertyValue != null && !propertyValue.equals(openBlasPath)) {
            return LIBRARY_PATH_PROPERTY + " is already set to " + propertyValue + ", not to " + openBlasPath;
        }
        if (propertyValue == null && mappedLibraries.contains(BINDING_LIBRARY)) {
            return "the dev.ludovic.netlib JNI binding was already loaded by another component,"
                    + " possibly with another BLAS library";
        }
        return null;
    }

    /**
     * Why pinning could make allocations fail in this JVM, or null if it cannot: JDK 22+ with G1,
     * or at least {@value #MIN_GC_LOCKER_RETRIES} GC-locker retries.
     *
     * @param retries the JVM's {@code GCLockerRetryAllocationCount}, or null if the option is not
     *     visible (on JDK 17 a diagnostic option is visible only when unlocked; then it has its
     *     default, 2)
     */
    static String gcLockerRisk(int javaFeature, boolean g1, Long retries) {
        if (javaFeature >= 22 && g1) {
            return null;
        }
        if (retries != null && retries >= MIN_GC_LOCKER_RETRIES) {
            return null;
        }
        String setting = retries == null ? "GCLockerRetryAllocationCount not set (default 2)"
                : "GCLockerRetryAllocationCount = " + retries;
        return "this JVM has " + setting + ": pinned arrays could make other threads'"
                + " allocations fail with OutOfMemoryError; start it with " + JVM_OPTIONS
                + " (conf/spark-defaults.conf does, see docs/deploy.md)";
    }

    private static boolean usesG1() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().startsWith("G1")) {
                return true;
            }
        }
        return false;
    }

    private static Long gcLockerRetries() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot == null ? null : Long.valueOf(hotspot.getVMOption("GCLockerRetryAllocationCount").getValue());
        } catch (IllegalArgumentException e) {
            return null; // not visible (locked diagnostic option) or not a HotSpot JVM
        }
    }

    /** The process's memory map on Linux (library paths), or "" where there is none. */
    private static String mappedLibraries() {
        Path maps = Path.of("/proc/self/maps");
        try {
            return Files.isReadable(maps) ? Files.readString(maps) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The OpenBLAS file the binding calls. */
    String libraryPath() {
        return libraryPath;
    }

    /**
     * Row-major {@code C = alpha op(A) op(B) + beta C} with {@code op(A)} m x k and {@code op(B)}
     * k x n, arguments already validated by {@link BlasArguments#gemm}; m, n, k > 0.
     */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatMatrix a, FloatMatrix b,
            float beta, FloatMatrix c) {
        blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
                b.data(), b.offset(), b.ncol(), a.data(), a.offset(), a.ncol(), beta, c.data(), c.offset(), n);
    }

    /**
     * Row-major {@code y = alpha op(A) x + beta y}, arguments already validated by
     * {@link BlasArguments#gemv}; A has at least one row and one column.
     */
    void gemv(boolean trans, float alpha, FloatMatrix a, float[] x, int xOff, float beta, float[] y, int yOff) {
        // row-major A (r x c) is the column-major c x r matrix A^T: op(A) x = (A^T)^T x, so the
        // Fortran transposition flag is the opposite of ours
        blas.sgemv(trans ? "N" : "T", a.ncol(), a.nrow(), alpha, a.data(), a.offset(), a.ncol(),
                x, xOff, 1, beta, y, yOff, 1);
    }

    @Override
    public String toString() {
        return "pinned-array BLAS calls into " + Objects.toString(libraryPath);
    }
}
