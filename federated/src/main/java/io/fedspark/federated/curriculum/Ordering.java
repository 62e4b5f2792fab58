package io.fedspark.federated.curriculum;

import io.fedspark.math.Choice;
import io.fedspark.math.random.Permutations;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The order in which a curriculum presents examples (or clients) to its pacing function
 * (Vahidian et al., "When Do Curricula Work in Federated Learning?", ICCV 2023):
 * <ul>
 *   <li>{@link #CURRICULUM}: ascending score, easy first;</li>
 *   <li>{@link #ANTI_CURRICULUM}: descending score, hard first;</li>
 *   <li>{@link #RANDOM}: a seeded shuffle, still paced;</li>
 *   <li>{@link #VANILLA}: the baseline, a seeded shuffle with the full data always, i.e. step
 *       pacing with {@code a = 1, b = 1} ({@link #pacedSize}).</li>
 * </ul>
 * Ties in score are broken by index (lower first, in both directions), so an order is a pure
 * function of the scores; {@code Float.compare} defines the order of scores (NaN above +Inf).
 */
public enum Ordering implements Choice {
  CURRICULUM,
  ANTI_CURRICULUM,
  RANDOM,
  VANILLA;

  /** Whether this ordering reads the scores (only the length of the score array otherwise). */
  public boolean usesScores() {
    return this == CURRICULUM || this == ANTI_CURRICULUM;
  }

  /**
   * The indices {@code 0..n-1} in this ordering's order, {@code n = scores.length}.
   *
   * @param scores one score per item; for RANDOM and VANILLA only the length is read
   * @param random the shuffle's random stream (RANDOM, VANILLA); not used, and may be null, for
   *     the score orderings
   */
  public int[] order(float[] scores, SplittableRandom random) {
    Objects.requireNonNull(scores, "scores");
    int n = scores.length;
    switch (this) {
      case CURRICULUM:
        return sortedIndices(scores, false);
      case ANTI_CURRICULUM:
        return sortedIndices(scores, true);
      default:
        Objects.requireNonNull(random, configName() + " ordering: random");
        int[] order = identity(n);
        Permutations.shuffle(order, random);
        return order;
    }
  }

  /**
   * The paced size at step {@code t}: {@code pacing.size(t, a, b, T, N)}, except for VANILLA, which
   * is step pacing with {@code a = 1, b = 1}, i.e. always {@code N}.
   */
  public int pacedSize(PacingFunction pacing, double t, double a, double b, double T, int N) {
    if (this == VANILLA) {
      return PacingFunction.STEP.size(t, 1, 1, T, N);
    }
    return Objects.requireNonNull(pacing, "pacing").size(t, a, b, T, N);
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  /**
   * Indices sorted by score, ties by index. Sorts packed (rank of the score, index) longs, so the
   * order is exact and needs no boxing: a float's bits map monotonically to an int key.
   */
  private static int[] sortedIndices(float[] scores, boolean descending) {
    int n = scores.length;
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      long key = sortableBits(scores[i]);
      if (descending) {
        key = -key - 1; // reverses the int order; -key - 1 never overflows for int-range keys
      }
      keys[i] = (key << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }

  /** An int whose signed order is {@code Float.compare}'s order of the floats (NaN canonical and last). */
  private static long sortableBits(float f) {
    int bits = Float.floatToIntBits(f);
    return bits >= 0 ? bits : bits ^ 0x7FFFFFFF;
  }
}
