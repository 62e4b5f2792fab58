/**
 * Benchmarks that print ratios against a baseline measured in the same run. {@code fedspark bench
 * math [--quick]} ({@link io.fedspark.jobs.bench.MathBenchmark}) runs the JMH micro-benchmarks of
 * {@code io.fedspark.jobs.bench.jmh} (the core's gemm against raw {@code cblas_sgemm} and the
 * pure-Java backend, MLP training steps against DL4J) through JMH's Runner and derives the ratios
 * from their scores. {@code bench federate} and {@code bench train} are Spark-level harnesses
 * (whole rounds and epochs on a SparkSession, interleaved, median and spread), where JMH does not
 * fit.
 */
package io.fedspark.jobs.bench;
