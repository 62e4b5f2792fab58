package io.fedspark.math.blas;

import io.fedspark.math.Choice;

/**
 * Which BLAS backend to use: a closed choice, chosen once per JVM through {@link MathRuntime}.
 */
public enum MathBackend implements Choice {
    /** Native OpenBLAS; failing to load it is an error. */
    NATIVE,
    /** Pure Java ({@link JavaBlas}), never loads native code. */
    JAVA,
    /** Native OpenBLAS if it loads, otherwise Java with a logged warning saying why. */
    AUTO;

}
