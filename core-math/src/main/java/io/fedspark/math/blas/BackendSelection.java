package io.fedspark.math.blas;

import java.util.Objects;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state machine behind {@link MathRuntime}: unconfigured, then configured exactly once.
 * A separate class so that tests can exercise presets, fallback and conflicts on fresh instances
 * without touching the JVM-wide choice.
 */
final class BackendSelection {

    private static final Logger LOG = LoggerFactory.getLogger(MathRuntime.class);

    /** The chosen backend and how it was chosen; immutable. */
    private record Choice(MathBackend requested, int threads, String source, MathBackend resolved,
                          Blas blas, String description) {
    }

    private final String presetText;
    private final IntFunction<OpenBlas> nativeLoader;
    private volatile Choice choice;

    /**
     * @param presetProperty value of {@code -Dfedspark.math.backend}, or null
     * @param nativeLoader loads OpenBLAS with a thread count (throws if it cannot)
     */
    BackendSelection(String presetProperty, IntFunction<OpenBlas> nativeLoader) {
        this.presetText = presetProperty == null || presetProperty.isBlank() ? null : presetProperty;
        this.nativeLoader = Objects.requireNonNull(nativeLoader, "nativeLoader");
    }

    Blas configure(MathBackend requested, int threads, String source) {
        Objects.requireNonNull(requested, "requested backend");
        if (threads < 1) {
            throw new IllegalArgumentException("BLAS threads is " + threads + ", expected at least 1");
        }
        MathBackend effective = effective(requested, source);
        synchronized (this) {
            Choice current = choice;
            if (current == null) {
                current = choose(effective, threads, source);
                choice = current;
                return current.blas;
            }
            if (current.requested == effective && current.threads == threads) {
                return current.blas;
            }
            throw new IllegalStateException("the math backend is chosen once per JVM: it is already " + current.requested
                    + " with " + current.threads + " BLAS thread(s) (set by " + current.source + ", using "
                    + current.description + "), so " + source + " (" + effective + ", " + threads
                    + " thread(s)) cannot change it; configure every JVM once at startup with the same values");
        }
    }

    /** AUTO defers to the preset; a concrete request must agree with a concrete preset. */
    private MathBackend effective(MathBackend requested, String source) {
        MathBackend preset = preset();
        if (preset == null || preset == MathBackend.AUTO) {
            return requested;
        }
        if (requested == MathBackend.AUTO || requested == preset) {
            return preset;
        }
        throw new IllegalStateException(source + " asks for " + requested + " but -D" + MathRuntime.BACKEND_PROPERTY
                + "=" + presetText + " presets " + preset + "; remove one of them");
    }

    /** Parsed on use, so that a bad value is an IllegalArgumentException naming it, not a class-init error. */
    private MathBackend preset() {
        return presetText == null ? null : io.fedspark.math.Choice.parse(MathBackend.class, presetText, "system property " + MathRuntime.BACKEND_PROPERTY);
    }

    private Choice choose(MathBackend effective, int threads, String source) {
        Choice c;
        switch (effective) {
            case JAVA:
                c = new Choice(effective, threads, source, MathBackend.JAVA, JavaBlas.instance(),
                        presetText != null && preset() == MathBackend.JAVA ? "java (preset by -D" + MathRuntime.BACKEND_PROPERTY + "=" + presetText + ")"
                                : "java (requested)");
                break;
            case NATIVE: {
                OpenBlas blas = nativeLoader.apply(threads); // fails hard with the load error
                c = new Choice(effective, threads, source, MathBackend.NATIVE, blas, blas.description());
                break;
            }
            case AUTO:
                c = chooseAuto(threads, source);
                break;
            default:
                throw new AssertionError(effective);
        }
        LOG.info("math backend: {} (requested {} by {})", c.description, effective, source);
        return c;
    }

    private Choice chooseAuto(int threads, String source) {
        try {
            OpenBlas blas = nativeLoader.apply(threads);
            return new Choice(MathBackend.AUTO, threads, source, MathBackend.NATIVE, blas, blas.description());
        } catch (IllegalStateException | LinkageError e) {
            String reason = e.getCause() != null ? e.getCause().toString() : e.toString();
            LOG.warn("math backend AUTO: native OpenBLAS failed to load, FALLING BACK TO PURE JAVA (much slower gemm): {}",
                    reason, e);
            return new Choice(MathBackend.AUTO, threads, source, MathBackend.JAVA, JavaBlas.instance(),
                    "java (fallback: " + reason + ")");
        }
    }

    Blas blas() {
        Choice c = choice;
        if (c == null) {
            return configure(MathBackend.AUTO, 1, "first use of MathRuntime.blas()");
        }
        return c.blas;
    }

    MathBackend resolved() {
        blas();
        return choice.resolved;
    }

    String description() {
        blas();
        return choice.description;
    }

    String kernel() {
        return blas() instanceof OpenBlas o ? o.coreName() : MathRuntime.JAVA_KERNEL;
    }

    boolean isConfigured() {
        return choice != null;
    }
}
