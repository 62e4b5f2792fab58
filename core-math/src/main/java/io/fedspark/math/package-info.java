/**
 * The fedspark math core: dense single-precision matrices ({@link io.fedspark.math.FloatMatrix}),
 * BLAS backends ({@code blas}), neural-network models whose parameters live in one flat array
 * ({@code nn}), optimizers ({@code optim}) and seed derivation ({@code random}).
 *
 * <p>This module imports nothing but the JDK, SLF4J and JavaCPP/OpenBLAS, so that federated
 * algorithms can be tested in-process in milliseconds and executors can call it from Spark.
 */
package io.fedspark.math;
