/**
 * {@code fedspark unlearn}: the machine-unlearning audit of Fan et al., "Challenging Forgets:
 * Unveiling the Worst-Case Forget Sets in Machine Unlearning" (ECCV 2024) on Spark. The original
 * model is trained on the driver, the worst-case forget-set search runs its per-example loss
 * pass over cached data partitions on executors, and the grid (method x forget kind x ratio x
 * seed) runs one Spark task per cell.
 */
package io.fedspark.jobs.unlearn;
