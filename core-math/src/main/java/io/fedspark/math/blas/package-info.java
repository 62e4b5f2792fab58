/**
 * Single-precision, row-major BLAS: the {@link io.fedspark.math.blas.Blas} interface, a native
 * backend ({@link io.fedspark.math.blas.OpenBlas}, OpenBLAS through JavaCPP), a pure-Java backend
 * ({@link io.fedspark.math.blas.JavaBlas}), and {@link io.fedspark.math.blas.MathRuntime}, which
 * chooses one of them once per JVM and says which.
 *
 * <p>Routine names and argument conventions follow the reference BLAS (Dongarra et al., "A set of
 * Level 3 Basic Linear Algebra Subprograms", ACM TOMS 16(1), 1990) and CBLAS.
 */
package io.fedspark.math.blas;
