package io.fedspark.jobs.data;

import org.apache.spark.Partitioner;

/**
 * Spreads {@link OrderKey}s over partitions by contiguous ranges of their (uniform, seeded) hash,
 * so partition p holds only hashes below those of partition p+1: sorting within the partitions
 * then orders the whole set without Spark's sampling pass over the data.
 */
final class HashRangePartitioner extends Partitioner {
  private static final long serialVersionUID = 1L;

  private final int partitions;

  HashRangePartitioner(int partitions) {
    this.partitions = Math.max(1, partitions);
  }

  @Override
  public int numPartitions() {
    return partitions;
  }

  @Override
  public int getPartition(Object key) {
    return of(((OrderKey) key).hash());
  }

  /** The range of {@code hash} read as unsigned: the top 31 bits times the partitions. */
  int of(long hash) {
    return (int) (((hash >>> 33) * partitions) >>> 31);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HashRangePartitioner h && h.partitions == partitions;
  }

  @Override
  public int hashCode() {
    return partitions;
  }
}
