/**
 * Which OpenBLAS kernel set each JVM of a run uses, and what the run does about it
 * ({@code math.openblas.core}): the report of one JVM ({@link io.fedspark.jobs.kernel.JvmKernel}),
 * the Spark job that collects the executors' reports at job start
 * ({@link io.fedspark.jobs.kernel.ExecutorKernelProbe}), the decision to go on, warn or refuse
 * ({@link io.fedspark.jobs.kernel.KernelCheck}), and the environment the launcher gives the driver
 * ({@link io.fedspark.jobs.kernel.DriverEnvironment}). OpenBLAS's kernel sets sum in different orders,
 * so a model is reproducible bit for bit only when every JVM that computes for it uses the same set.
 */
package io.fedspark.jobs.kernel;
