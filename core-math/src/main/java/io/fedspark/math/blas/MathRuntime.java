package io.fedspark.math.blas;

/**
 * The process-wide choice of BLAS backend: made once per JVM, logged, and reported for provenance.
 *
 * <p>Call {@link #configure(MathBackend, int)} once at startup (on the driver and on every
 * executor, with the same values), or let the first {@link #blas()} choose {@link MathBackend#AUTO}
 * with one OpenBLAS thread. Configuring again with the same values is a no-op; configuring with
 * different values after the choice was made throws {@link IllegalStateException}, because code
 * already running may hold the first backend and mixing backends breaks bit-for-bit
 * reproducibility.
 *
 * <p>{@code -Dfedspark.math.backend=java|native|auto} presets the backend: it is what
 * {@code AUTO} means (in {@code configure} and in the lazy default), and an explicit request for
 * the other concrete backend fails loudly instead of silently overriding the operator.
 *
 * <p>{@code AUTO} falls back to Java only if the native library fails to load, and logs a WARN
 * with the reason; {@code NATIVE} fails with the load error. The fallback is visible in
 * {@link #description()}, e.g. {@code "java (fallback: ...)"}.
 */
public final class MathRuntime {

    /** System property that presets the backend: {@code java}, {@code native} or {@code auto}. */
    public static final String BACKEND_PROPERTY = "fedspark.math.backend";

    /** What {@link #kernel()} says for the pure-Java backend. */
    public static final String JAVA_KERNEL = "java";

    private static final BackendSelection SELECTION =
            new BackendSelection(System.getProperty(BACKEND_PROPERTY), OpenBlas::load);

    private MathRuntime() {
    }

    /**
     * Chooses the backend for this JVM, or checks that the existing choice matches.
     *
     * @param blasThreads OpenBLAS threads per call (1 under Spark, where tasks already use the cores)
     * @return the chosen backend
     * @throws IllegalStateException if already configured with other values, or NATIVE cannot load
     */
    public static Blas configure(MathBackend requested, int blasThreads) {
        return SELECTION.configure(requested, blasThreads, "MathRuntime.configure(" + requested + ", " + blasThreads + ")");
    }

    /** The chosen backend; chooses AUTO (or the preset) with 1 thread on first use if not configured. */
    public static Blas blas() {
        return SELECTION.blas();
    }

    /** The resolved backend: {@link MathBackend#NATIVE} or {@link MathBackend#JAVA} (configures lazily). */
    public static MathBackend backend() {
        return SELECTION.resolved();
    }

    /**
     * What is actually used, for logs and provenance, e.g.
     * {@code "native OpenBLAS 0.3.31 (javacpp 1.5.13, core Haswell), 1 thread"} or
     * {@code "java (fallback: ...)"}. Configures lazily.
     */
    public static String description() {
        return SELECTION.description();
    }

    /**
     * The kernel set products run with: OpenBLAS's core name (e.g. {@code "Haswell"}, see
     * {@link OpenBlasCore}) for the native backend, {@value #JAVA_KERNEL} for the pure-Java one.
     * Configures lazily.
     */
    public static String kernel() {
        return SELECTION.kernel();
    }

    /** True once a backend has been chosen (explicitly or by first use). */
    public static boolean isConfigured() {
        return SELECTION.isConfigured();
    }
}
