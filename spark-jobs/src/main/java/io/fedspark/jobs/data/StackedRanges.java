package io.fedspark.jobs.data;

import java.util.Arrays;
import org.apache.spark.Partitioner;

/**
 * The partitions of several sets of ranked examples laid end to end: set {@code s}'s ranks
 * {@code [0, counts[s])} are cut into {@code partitions[s]} shards of contiguous ranks as
 * {@link RangePartitioner} cuts them (equal sizes +-1, as {@code parallelize} slices), and its
 * shards into {@code groups[s]} RDD partitions of contiguous shards the same way (one shard per RDD
 * partition unless a barrier stage has fewer task slots than shards), numbered after the RDD
 * partitions of the sets before it. The key of an example is its position
 * {@code counts[0] + ... + counts[s-1] + rank}, so that one shuffle sorted by position lays out the
 * training and the test partitions at once, each exactly as it would be laid out alone.
 */
final class StackedRanges extends Partitioner {
  private static final long serialVersionUID = 1L;

  private final long[] base;
  private final int[] first;
  private final RangePartitioner[] ranges;
  private final RangePartitioner[] groups;
  private final int total;

  /** One RDD partition per shard. */
  StackedRanges(long[] counts, int[] partitions) {
    this(counts, partitions, partitions);
  }

  /**
   * @param counts the examples of each set
   * @param partitions the shards of each set, in [1, counts[s]], or 0 for a set left out
   * @param groups the RDD partitions of each set's shards, in [1, partitions[s]] (0 with no shards)
   */
  StackedRanges(long[] counts, int[] partitions, int[] groups) {
    int n = counts.length;
    base = new long[n + 1];
    first = new int[n + 1];
    ranges = new RangePartitioner[n];
    this.groups = new RangePartitioner[n];
    for (int s = 0; s < n; s++) {
      if ((partitions[s] == 0) != (groups[s] == 0) || groups[s] > partitions[s]) {
        throw new IllegalArgumentException("set " + s + ": " + partitions[s] + " shards cannot fill " + groups[s]
            + " RDD partitions");
      }
      ranges[s] = partitions[s] == 0 ? null : new RangePartitioner(counts[s], partitions[s]);
      this.groups[s] = partitions[s] == 0 ? null : new RangePartitioner(partitions[s], groups[s]);
      base[s + 1] = base[s] + counts[s];
      first[s + 1] = first[s] + groups[s];
    }
    total = first[n];
  }

  /** The key of the example of rank {@code rank} in set {@code set}. */
  long position(int set, long rank) {
    return base[set] + rank;
  }

  /** The first RDD partition of set {@code set}. */
  int first(int set) {
    return first[set];
  }

  /** The shard (within its set's shards) of the example at {@code position}. */
  int shardOf(long position) {
    int s = setOf(position);
    return ranges[s].partitionOf(position - base[s]);
  }

  @Override
  public int numPartitions() {
    return total;
  }

  @Override
  public int getPartition(Object key) {
    long pos = ((Number) key).longValue();
    int s = setOf(pos);
    return first[s] + groups[s].partitionOf(ranges[s].partitionOf(pos - base[s]));
  }

  private int setOf(long pos) {
    int s = 0;
    while (s + 1 < ranges.length && base[s + 1] <= pos) {
      s++;
    }
    if (ranges[s] == null) {
      throw new IllegalArgumentException("position " + pos + " falls in set " + s + ", which has no partitions");
    }
    return s;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StackedRanges r && Arrays.equals(r.base, base) && Arrays.equals(r.first, first)
        && Arrays.equals(r.ranges, ranges);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(base) * 31 + Arrays.hashCode(first);
  }
}
