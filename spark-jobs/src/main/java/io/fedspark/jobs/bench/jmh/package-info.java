/**
 * The JMH benchmarks behind {@code fedspark bench math}: {@link io.fedspark.jobs.bench.jmh.GemmBenchmark}
 * (the core's gemm on each backend and raw {@code cblas_sgemm}) and
 * {@link io.fedspark.jobs.bench.jmh.TrainingStepBenchmark} (an MLP training step, core vs DL4J), with
 * thread and process CPU time as secondary results ({@link io.fedspark.jobs.bench.jmh.CpuCounters}).
 * JMH's annotation processor generates their harness ({@code jmh_generated}) in the normal build;
 * they are not tests and never run in {@code mvn verify}. {@code io.fedspark.jobs.bench.MathBenchmark}
 * runs them through JMH's {@code Runner}, each in its own forked JVM, and turns the scores into
 * ratios against baselines measured in the same run.
 */
package io.fedspark.jobs.bench.jmh;
