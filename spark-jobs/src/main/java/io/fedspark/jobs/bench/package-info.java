/**
 * Benchmarks that print ratios against a baseline measured in the same run. {@code fedspark bench
 * math [--quick]} ({@link io.fedspark.jobs.bench.MathBenchmark}) runs the JMH micro-benchmarks of
 * {@code io.fedspark.jobs.bench.jmh} (the core's gemm against raw {@code cblas_sgemm} and the
 * pure-Java backend, MLP training steps against DL4J) through JMH's Runner and derives the ratios
 * from their scores. {@code bench federate} and {@code bench train} are Spark-level harnesses
 * (whole rounds and epochs on a SparkSession, interleaved, median and spread), where JMH does not
 * fit. {@code bench data} ({@link io.fedspark.jobs.bench.DataBenchmark}) is the data plane's scale
 * proof: Spark's own Parquet scan against the {@code train} and {@code federate} read paths on a
 * synthetic table larger than the heap, each measured in a fresh JVM with a fixed heap limit.
 * {@code bench api} ({@link io.fedspark.jobs.bench.ApiBenchmark}) compares the Spark ML estimator
 * with Spark MLlib's {@code MultilayerPerceptronClassifier}: fit time to a test accuracy and
 * {@code transform} rows/s on the same DataFrames.
 */
package io.fedspark.jobs.bench;
