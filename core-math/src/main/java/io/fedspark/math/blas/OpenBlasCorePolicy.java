package io.fedspark.math.blas;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which OpenBLAS kernel set the JVMs of a run use (the setting {@code math.openblas.core}):
 * {@link Mode#AUTO} lets OpenBLAS pick by CPU and warns when the JVMs end up with different sets;
 * {@link Mode#STRICT} refuses to run then; {@link Mode#PINNED} makes every JVM use one
 * {@link OpenBlasCore} (through {@value OpenBlasCore#ENVIRONMENT_VARIABLE}, which OpenBLAS reads
 * when it loads) and refuses to run if one does not. Written as {@code auto}, {@code strict} or the
 * set's name, e.g. {@code Haswell}.
 *
 * @param mode what to do
 * @param pinned the set of {@link Mode#PINNED}, null otherwise
 */
public record OpenBlasCorePolicy(Mode mode, OpenBlasCore pinned) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The three behaviours. */
    public enum Mode {
        /** OpenBLAS picks by CPU; differing JVMs are reported. */
        AUTO,
        /** OpenBLAS picks by CPU; differing JVMs stop the run. */
        STRICT,
        /** One kernel set everywhere. */
        PINNED
    }

    /** {@code auto}: the default. */
    public static final OpenBlasCorePolicy AUTO = new OpenBlasCorePolicy(Mode.AUTO, null);
    /** {@code strict}. */
    public static final OpenBlasCorePolicy STRICT = new OpenBlasCorePolicy(Mode.STRICT, null);

    public OpenBlasCorePolicy {
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.PINNED) != (pinned != null)) {
            throw new IllegalArgumentException("a kernel set goes with PINNED and only with it: " + mode + ", " + pinned);
        }
    }

    /** Every JVM on {@code core}. */
    public static OpenBlasCorePolicy pin(OpenBlasCore core) {
        return new OpenBlasCorePolicy(Mode.PINNED, Objects.requireNonNull(core, "core"));
    }

    /**
     * {@code auto}, {@code strict} or a kernel set's name, in any case.
     *
     * @throws IllegalArgumentException naming the text ({@link OpenBlasCore#named})
     */
    public static OpenBlasCorePolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) {
            return AUTO;
        }
        if (t.equals("strict")) {
            return STRICT;
        }
        return pin(OpenBlasCore.named(text));
    }

    /** What a configuration may say: "auto | strict | Prescott | ... | Cooperlake". */
    public static String allowed() {
        return "auto | strict | " + OpenBlasCore.allowed();
    }

    /** The pinned set, if any. */
    public Optional<OpenBlasCore> pinnedCore() {
        return Optional.ofNullable(pinned);
    }

    /** As written in a configuration: {@code auto}, {@code strict} or e.g. {@code Haswell}. */
    @Override
    public String toString() {
        return mode == Mode.PINNED ? pinned.openblasName() : mode.name().toLowerCase(Locale.ROOT);
    }
}
