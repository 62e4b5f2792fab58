/**
 * {@code fedspark unlearn}: the machine-unlearning audit of Fan et al., "Challenging Forgets:
 * Unveiling the Worst-Case Forget Sets in Machine Unlearning" (ECCV 2024) on Spark. The original
 * model is trained on the driver, the worst-case forget-set search runs its per-example loss
 * pass over cached data partitions on executors, and the grid (method x forget kind x ratio x
 * seed) runs one Spark task per cell ({@link io.fedspark.jobs.unlearn.UnlearnJob}). With
 * {@code unlearn.setting = federated}, whole clients of a FedAvg run are forgotten instead, the
 * original runs, the worst-case client search and the audit each one Spark job of independent
 * tasks ({@link io.fedspark.jobs.unlearn.ClientAuditJob}).
 */
package io.fedspark.jobs.unlearn;
