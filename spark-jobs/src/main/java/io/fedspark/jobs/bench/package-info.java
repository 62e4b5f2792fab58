/**
 * Benchmarks that print ratios against a baseline measured in the same run ({@code fedspark bench
 * math [--quick]}): the math core's gemm against raw {@code cblas_sgemm}, MLP training throughput
 * against DL4J, the same throughput against the GEMM-only bound, and the pure-Java backend against
 * the native one. A plain harness (warm-up, interleaved repetitions, median and spread), not JMH:
 * every figure is a ratio of two medians measured side by side, which is what the issue asks for.
 */
package io.fedspark.jobs.bench;
