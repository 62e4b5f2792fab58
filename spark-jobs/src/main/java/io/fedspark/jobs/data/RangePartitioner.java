package io.fedspark.jobs.data;

import org.apache.spark.Partitioner;

/**
 * Cuts the integers [0, n) into {@code partitions} contiguous ranges as Spark's
 * {@code parallelize} slices a collection: partition i holds [i*n/p, (i+1)*n/p). Ranks of examples
 * go to training partitions this way (equal sizes, +-1) and client ids to the partitions of a
 * federated run (so a cohort's clients are found without a lookup table).
 */
public final class RangePartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;

  private final long n;
  private final int partitions;

  /**
   * @param n the number of integers (examples or clients), at least 1
   * @param partitions the number of ranges, in [1, n]
   */
  public RangePartitioner(long n, int partitions) {
    if (n < 1 || partitions < 1 || partitions > n) {
      throw new IllegalArgumentException("cannot cut " + n + " into " + partitions + " ranges");
    }
    this.n = n;
    this.partitions = partitions;
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    return partitionOf(((Number) key).longValue());
  }

  /** The range that holds {@code i}. */
  public int partitionOf(long i) {
    if (i < 0 || i >= n) {
      throw new IllegalArgumentException(i + " is outside [0, " + n + ")");
    }
    int p = (int) Math.min(partitions - 1, Math.multiplyExact(i, (long) partitions) / n);
    while (p > 0 && start(p) > i) {
      p--;
    }
    while (p + 1 < partitions && start(p + 1) <= i) {
      p++;
    }
    return p;
  }

  /** The first integer of range {@code p}. */
  public long start(int p) {
    return Math.multiplyExact(n, (long) p) / partitions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangePartitioner r && r.n == n && r.partitions == partitions;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(n) * 31 + partitions;
  }
}
