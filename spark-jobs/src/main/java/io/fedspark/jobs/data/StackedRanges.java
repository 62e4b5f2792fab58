package io.fedspark.jobs.data;

import java.util.Arrays;
import org.apache.spark.Partitioner;

/**
 * The partitions of several sets of ranked examples laid end to end: set {@code s}'s ranks
 * {@code [0, counts[s])} are cut into {@code partitions[s]} contiguous ranges as
 * {@link RangePartitioner} cuts them (equal sizes +-1, as {@code parallelize} slices), numbered after
 * the partitions of the sets before it. The key of an example is its position
 * {@code counts[0] + ... + counts[s-1] + rank}, so that one shuffle sorted by position lays out the
 * training and the test partitions at once, each exactly as it would be laid out alone.
 */
final class StackedRanges extends Partitioner {
  private static final long serialVersionUID = 1L;

  private final long[] base;
  private final int[] first;
  private final RangePartitioner[] ranges;
  private final int total;

  /**
   * @param counts the examples of each set
   * @param partitions the partitions of each set, in [1, counts[s]], or 0 for a set left out
   */
  StackedRanges(long[] counts, int[] partitions) {
    int n = counts.length;
    base = new long[n + 1];
    first = new int[n + 1];
    ranges = new RangePartitioner[n];
    for (int s = 0; s < n; s++) {
      ranges[s] = partitions[s] == 0 ? null : new RangePartitioner(counts[s], partitions[s]);
      base[s + 1] = base[s] + counts[s];
      first[s + 1] = first[s] + partitions[s];
    }
    total = first[n];
  }

  /** The key of the example of rank {@code rank} in set {@code set}. */
  long position(int set, long rank) {
    return base[set] + rank;
  }

  /** The first partition of set {@code set}. */
  int first(int set) {
    return first[set];
  }

  /** The index of partition {@code p} within its set's partitions. */
  int shardOf(int p) {
    int s = 0;
    while (first[s + 1] <= p) {
      s++;
    }
    return p - first[s];
  }

  @Override
  public int numPartitions() {
    return total;
  }

  @Override
  public int getPartition(Object key) {
    long pos = ((Number) key).longValue();
    int s = 0;
    while (s + 1 < ranges.length && base[s + 1] <= pos) {
      s++;
    }
    if (ranges[s] == null) {
      throw new IllegalArgumentException("position " + pos + " falls in set " + s + ", which has no partitions");
    }
    return first[s] + ranges[s].partitionOf(pos - base[s]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StackedRanges r && Arrays.equals(r.base, base) && Arrays.equals(r.first, first);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(base) * 31 + Arrays.hashCode(first);
  }
}
