package io.fedspark.math.blas;

import java.util.Locale;

/**
 * Which BLAS backend to use: a closed choice, chosen once per JVM through {@link MathRuntime}.
 */
public enum MathBackend {
    /** Native OpenBLAS; failing to load it is an error. */
    NATIVE,
    /** Pure Java ({@link JavaBlas}), never loads native code. */
    JAVA,
    /** Native OpenBLAS if it loads, otherwise Java with a logged warning saying why. */
    AUTO;

    /**
     * Parses {@code "native"}, {@code "java"} or {@code "auto"} (any case), the spelling used in
     * configuration files and in {@code -Dfedspark.math.backend}.
     *
     * @param source where the text came from, for the error message (e.g. a config key)
     */
    public static MathBackend parse(String text, String source) {
        if (text != null) {
            for (MathBackend b : values()) {
                if (b.name().equalsIgnoreCase(text.trim())) {
                    return b;
                }
            }
        }
        throw new IllegalArgumentException(source + " is '" + text + "': expected one of native, java, auto");
    }

    /** The configuration spelling, e.g. {@code "native"}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
