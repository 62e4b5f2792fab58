package io.fedspark.federated.unlearning;

import io.fedspark.federated.stats.StableRanking;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Index sets of forget sets: a seeded uniform random m-subset (the "random" forget sets of the
 * unlearning literature and the starting point of {@link WorstCaseForgetSetSearch}), the
 * complement of a set, and the top-m indicator used to binarise relaxed weights.
 */
public final class ForgetSets {
  private ForgetSets() {}

  /**
   * m distinct indices drawn uniformly from {@code [0, n)} (a partial Fisher-Yates shuffle driven
   * by {@code seed.random()}), sorted ascending. A pure function of (n, m, seed).
   *
   * @throws IllegalArgumentException unless {@code 0 <= m <= n}
   */
  public static int[] random(int n, int m, SeedSequence seed) {
    Objects.requireNonNull(seed, "seed");
    if (n < 0 || m < 0 || m > n) {
      throw new IllegalArgumentException("random subset: size " + m + " of " + n + " examples, expected 0 <= size <= "
          + Math.max(n, 0));
    }
    int[] pool = new int[n];
    for (int i = 0; i < n; i++) {
      pool[i] = i;
    }
    SplittableRandom random = seed.random();
    for (int i = 0; i < m; i++) {
      int j = i + random.nextInt(n - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    int[] out = Arrays.copyOf(pool, m);
    Arrays.sort(out);
    return out;
  }

  /**
   * The indices of {@code [0, n)} not in {@code indices}, ascending.
   *
   * @throws IllegalArgumentException if an index is out of range or repeated
   */
  public static int[] complement(int n, int[] indices) {
    boolean[] in = membership(n, indices);
    int[] out = new int[n - indices.length];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (!in[i]) {
        out[k++] = i;
      }
    }
    return out;
  }

  /**
   * The m indices with the largest weights, ties broken towards the lower index, sorted ascending.
   *
   * @throws IllegalArgumentException unless {@code 0 <= m <= w.length}
   */
  public static int[] topM(double[] w, int m) {
    if (m < 0 || m > w.length) {
      throw new IllegalArgumentException("top-m: m is " + m + ", expected 0 <= m <= " + w.length);
    }
    int[] out = StableRanking.first(w, m, true);
    Arrays.sort(out);
    return out;
  }

  /** The 0/1 indicator vector of {@code indices} over {@code [0, n)}. */
  public static double[] indicator(int n, int[] indices) {
    boolean[] in = membership(n, indices);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = in[i] ? 1 : 0;
    }
    return w;
  }

  private static boolean[] membership(int n, int[] indices) {
    Objects.requireNonNull(indices, "indices");
    boolean[] in = new boolean[n];
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      if (i < 0 || i >= n) {
        throw new IllegalArgumentException("forget-set index " + i + " (position " + k + ") is out of range [0, " + n
            + ")");
      }
      if (in[i]) {
        throw new IllegalArgumentException("forget-set index " + i + " is repeated (position " + k + ")");
      }
      in[i] = true;
    }
    return in;
  }
}
