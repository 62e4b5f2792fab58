package io.fedspark.jobs.data;

import io.fedspark.federated.data.RowKey;
import java.io.Serializable;

/**
 * The usable rows of a table per range of their seeded hash, for each split of the rows (0: the
 * training rows, 1: the test rows of a split column or seeded fraction), counted by the validation
 * pass ({@link TableLoader}) so that {@link Sharding} can rank the rows without a counting job of
 * its own. The ranges are those of {@link HashRangePartitioner}; split {@code s}'s hash is
 * {@code RowKey.hash(key, salts[s])}, the hash of {@link OrderKey}. Metadata only: two counts per
 * range.
 */
public final class RangeCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long[] salts;
  private final HashRangePartitioner ranges;
  private final long[][] counts;

  /**
   * Empty counts.
   *
   * @param salts the order salt of each split (index 0: rows that are not test rows, 1: test rows)
   * @param ranges the number of hash ranges
   */
  RangeCounts(long[] salts, int ranges) {
    this.salts = salts.clone();
    this.ranges = new HashRangePartitioner(ranges);
    this.counts = new long[salts.length][this.ranges.numPartitions()];
  }

  /** Empty counts of the same salts and ranges (a task's, or the reduction's zero). */
  RangeCounts empty() {
    return new RangeCounts(salts, ranges.numPartitions());
  }

  /** Counts a usable row of key {@code key} in its split. */
  void add(boolean test, long key) {
    int s = test ? 1 : 0;
    counts[s][ranges.of(RowKey.hash(key, salts[s]))]++;
  }

  /** Adds {@code o}'s counts (of the same salts and ranges) to these. */
  RangeCounts merge(RangeCounts o) {
    for (int s = 0; s < counts.length; s++) {
      for (int r = 0; r < counts[s].length; r++) {
        counts[s][r] += o.counts[s][r];
      }
    }
    return this;
  }

  /**
   * The rows of split {@code split} per hash range, if they were counted under {@code salt};
   * else null (the ranking then counts them itself).
   */
  long[] of(int split, long salt) {
    return split < salts.length && salts[split] == salt ? counts[split].clone() : null;
  }
}
