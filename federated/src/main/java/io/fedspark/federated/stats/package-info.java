/**
 * Statistics for reading experiment results across seeds: the paired difference of two lists of
 * per-seed results with its Student-t confidence interval and paired t-test
 * ({@link io.fedspark.federated.stats.PairedDifference}), and the verdict on a paper's claim given
 * that interval ({@link io.fedspark.federated.stats.Verdict},
 * {@link io.fedspark.federated.stats.ReportedEffect}). The t distribution comes from Apache Commons
 * Statistics. No Spark.
 */
package io.fedspark.federated.stats;
