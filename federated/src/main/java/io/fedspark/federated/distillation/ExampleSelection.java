package io.fedspark.federated.distillation;

import io.fedspark.math.random.Permutations;
import io.fedspark.math.FloatMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Which examples, in which order: seeded permutations, samples without replacement (Floyd's
 * algorithm, so a draw costs O(k) whatever the population) and class-balanced samples, plus
 * gathering the chosen rows into a matrix. Every function draws only from the stream it is given.
 */
final class ExampleSelection {
  private ExampleSelection() {}

  /**
   * k distinct indices from {@code [0, n)}, each k-subset equally likely (R. W. Floyd's algorithm,
   * Bentley and Floyd, "Programming pearls: a sample of brilliance", CACM 30(9), 1987), in
   * increasing order.
   */
  static int[] withoutReplacement(int n, int k, SplittableRandom random) {
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("cannot draw " + k + " distinct examples out of " + n);
    }
    Set<Integer> chosen = new HashSet<>();
    for (int j = n - k; j < n; j++) {
      int t = random.nextInt(j + 1);
      if (!chosen.add(t)) {
        chosen.add(j);
      }
    }
    int[] out = chosen.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(out);
    return out;
  }

  /**
   * k distinct indices with the classes as equal as possible: {@code floor(k / C)} of each class,
   * and one more for {@code k mod C} classes chosen at random; a class with too few examples gives
   * all it has and the shortfall is drawn from the remaining examples. Sorted by index.
   *
   * @throws IllegalArgumentException if there are fewer than k examples
   */
  static int[] classBalanced(int[] labels, int numClasses, int k, SplittableRandom random) {
    if (k < 0 || k > labels.length) {
      throw new IllegalArgumentException("cannot draw " + k + " distinct examples out of " + labels.length);
    }
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      byClass.get(labels[i]).add(i);
    }
    int[] quota = new int[numClasses];
    Arrays.fill(quota, k / numClasses);
    int[] classOrder = Permutations.of(numClasses, random);
    for (int e = 0; e < k % numClasses; e++) {
      quota[classOrder[e]]++;
    }
    boolean[] taken = new boolean[labels.length];
    int count = 0;
    for (int c = 0; c < numClasses; c++) {
      List<Integer> members = byClass.get(c);
      int want = Math.min(quota[c], members.size());
      for (int p : withoutReplacement(members.size(), want, random)) {
        taken[members.get(p)] = true;
        count++;
      }
    }
    if (count < k) {
      int[] rest = new int[labels.length - count];
      int r = 0;
      for (int i = 0; i < labels.length; i++) {
        if (!taken[i]) {
          rest[r++] = i;
        }
      }
      for (int p : withoutReplacement(rest.length, k - count, random)) {
        taken[rest[p]] = true;
      }
    }
    int[] out = new int[k];
    int o = 0;
    for (int i = 0; i < labels.length; i++) {
      if (taken[i]) {
        out[o++] = i;
      }
    }
    return out;
  }

  /** Rows {@code indices[from .. from+count)} of a row-major {@code ? x width} array, as a new matrix. */
  static FloatMatrix gather(float[] data, int width, int[] indices, int from, int count) {
    FloatMatrix out = new FloatMatrix(count, width);
    for (int i = 0; i < count; i++) {
      System.arraycopy(data, indices[from + i] * width, out.data(), i * width, width);
    }
    return out;
  }

  /** {@code indices[from .. from+count)} as example ids for {@link ImageAugmentation#apply}. */
  static long[] ids(int[] indices, int from, int count) {
    long[] out = new long[count];
    for (int i = 0; i < count; i++) {
      out[i] = indices[from + i];
    }
    return out;
  }
}
