package io.fedspark.federated.partition;

import io.fedspark.federated.data.RowKey;
import io.fedspark.math.random.SeedSequence;
import java.io.Serializable;
import java.util.Arrays;

/**
 * How a seeded partition scheme cuts the examples into clients, computed from the class counts
 * alone: the examples are ranked in a seeded order (by {@link RowKey#hash} of their keys, within
 * each class when {@link #byClass()}, else over all examples), and consecutive runs of ranks go to
 * clients. Only this small plan (runs per class) travels to the executors, which rank their rows
 * and look each one's client up ({@link #clientOf}); the driver never holds the examples. The plan
 * also gives each client's label histogram ({@link #histogram}) for the skew report.
 *
 * @param numClients K
 * @param byClass whether ranks count within a class (label-skewed schemes) or over all examples
 *     (iid, quantity)
 * @param runEnds per class (or one list when not by class), the exclusive end rank of each run,
 *     ascending; the last equals the class's (or the total) count
 * @param runClients the client of each run
 * @param classCounts the counts the plan was made for
 */
public record Allocation(int numClients, boolean byClass, long[][] runEnds, int[][] runClients, long[] classCounts)
    implements Serializable {
  /** The salt of the seeded rank order: {@code seed.derive("partition/order")}. */
  public static long orderSalt(SeedSequence seed) {
    return seed.derive("partition/order").seed();
  }

  /** The client of the example of class {@code label} at rank {@code rank} of its order. */
  public int clientOf(int label, long rank) {
    int list = byClass ? label : 0;
    long[] ends = runEnds[list];
    int i = Arrays.binarySearch(ends, rank);
    int run = i >= 0 ? i + 1 : -i - 1;
    while (run < ends.length && ends[run] <= rank) {
      run++;
    }
    if (run >= ends.length) {
      throw new IllegalArgumentException("rank " + rank + " is beyond the " + (ends.length == 0 ? 0 : ends[ends.length - 1])
          + " examples this plan was made for" + (byClass ? " (class " + label + ")" : ""));
    }
    return runClients[list][run];
  }

  /** Examples per client. */
  public long[] sizes() {
    long[] sizes = new long[numClients];
    for (int l = 0; l < runEnds.length; l++) {
      long start = 0;
      for (int r = 0; r < runEnds[l].length; r++) {
        sizes[runClients[l][r]] += runEnds[l][r] - start;
        start = runEnds[l][r];
      }
    }
    return sizes;
  }

  /**
   * Examples per (client, class) when the plan is by class; null otherwise (the class mix of a
   * class-blind cut is known only from the data).
   */
  public long[][] histogram() {
    if (!byClass) {
      return null;
    }
    long[][] h = new long[numClients][classCounts.length];
    for (int c = 0; c < runEnds.length; c++) {
      long start = 0;
      for (int r = 0; r < runEnds[c].length; r++) {
        h[runClients[c][r]][c] += runEnds[c][r] - start;
        start = runEnds[c][r];
      }
    }
    return h;
  }

  /**
   * The partition of examples held in memory, example i having the key {@code RowKey.ofId(i)}:
   * what the executors compute for a table whose id column is the row number.
   */
  public ClientPartition assign(int[] labels, long salt) {
    int n = labels.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    long[] hash = new long[n];
    for (int i = 0; i < n; i++) {
      hash[i] = RowKey.hash(RowKey.ofId(i), salt);
    }
    Arrays.sort(order, (a, b) -> {
      if (byClass && labels[a] != labels[b]) {
        return Integer.compare(labels[a], labels[b]);
      }
      int c = Long.compareUnsigned(hash[a], hash[b]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    int[] owner = new int[n];
    long rank = 0;
    for (int p = 0; p < n; p++) {
      int i = order[p];
      if (byClass && p > 0 && labels[order[p - 1]] != labels[i]) {
        rank = 0;
      }
      owner[i] = clientOf(labels[i], rank++);
    }
    return ClientPartition.ofAssignment(numClients, owner);
  }

  /** Builds a plan from per-list counts per client (runs in client order, empty runs dropped). */
  static Allocation ofCounts(int numClients, boolean byClass, long[][] countsPerClient, long[] classCounts) {
    long[][] ends = new long[countsPerClient.length][];
    int[][] clients = new int[countsPerClient.length][];
    for (int l = 0; l < countsPerClient.length; l++) {
      long[] e = new long[numClients];
      int[] c = new int[numClients];
      int runs = 0;
      long cut = 0;
      for (int j = 0; j < numClients; j++) {
        if (countsPerClient[l][j] > 0) {
          cut += countsPerClient[l][j];
          e[runs] = cut;
          c[runs] = j;
          runs++;
        }
      }
      ends[l] = Arrays.copyOf(e, runs);
      clients[l] = Arrays.copyOf(c, runs);
    }
    return new Allocation(numClients, byClass, ends, clients, classCounts.clone());
  }
}
