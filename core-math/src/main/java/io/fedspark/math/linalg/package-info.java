/**
 * Dense linear algebra beyond BLAS: Cholesky factorisation and solves for symmetric
 * positive-definite matrices in float ({@link io.fedspark.math.FloatMatrix}) and double
 * ({@link io.fedspark.math.linalg.DoubleMatrix}), through OpenBLAS's LAPACKE natively or in pure
 * Java, following the backend of {@link io.fedspark.math.blas.MathRuntime}
 * ({@link io.fedspark.math.linalg.Cholesky}).
 *
 * <p>Routine names and conventions follow LAPACK (Anderson et al., "LAPACK Users' Guide", 3rd ed.,
 * SIAM 1999): {@code ?potrf} factors, {@code ?potrs} solves, lower triangle, row-major layout
 * through LAPACKE.
 */
package io.fedspark.math.linalg;
