package io.fedspark.jobs.bench;

/**
 * One unit of work to time, e.g. one gemm call or one SGD step; returns how much work it did in
 * the unit of the figure (floating-point operations, examples), so that a rate is work / seconds.
 */
@FunctionalInterface
public interface Workload {
  double run();
}
