package io.fedspark.math.random;

import java.util.SplittableRandom;

/**
 * Seeded Fisher-Yates shuffles (Durstenfeld's version: {@code j = random.nextInt(i + 1)} from the
 * last position down), the one shuffle of the project: a seeded stream gives the same permutation
 * on every JVM, so data orders, splits and cohorts depend only on their seed.
 */
public final class Permutations {
  private Permutations() {}

  /** A uniformly random permutation of {@code 0 .. n-1}. */
  public static int[] of(int n, SplittableRandom random) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    shuffle(a, 0, n, random);
    return a;
  }

  /** Shuffles {@code values} in place. */
  public static void shuffle(int[] values, SplittableRandom random) {
    shuffle(values, 0, values.length, random);
  }

  /** Shuffles {@code a[from .. to)} in place. */
  public static void shuffle(int[] a, int from, int to, SplittableRandom random) {
    for (int i = to - 1; i > from; i--) {
      int j = from + random.nextInt(i - from + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
