package io.fedspark.federated.stats;

import java.util.Arrays;

/**
 * Positions ranked by a score with ties broken towards the lower position, so that a selection
 * (Krum's m lowest-scoring clients, Blanchard et al. 2017; the m heaviest examples of a forget-set
 * weight vector) is deterministic whatever the sort's algorithm.
 */
public final class StableRanking {
  private StableRanking() {}

  /**
   * The positions of the first {@code min(m, n)} values of {@code values} in ranking order:
   * ascending (smallest first) or descending (largest first) by {@link Double#compare}, ties
   * towards the lower position.
   *
   * @param largestFirst true to rank the largest value first
   */
  public static int[] first(double[] values, int m, boolean largestFirst) {
    Integer[] order = new Integer[values.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = largestFirst ? Double.compare(values[b], values[a]) : Double.compare(values[a], values[b]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    int[] out = new int[Math.min(m, values.length)];
    for (int i = 0; i < out.length; i++) {
      out[i] = order[i];
    }
    return out;
  }
}
