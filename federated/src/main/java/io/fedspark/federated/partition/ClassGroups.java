package io.fedspark.federated.partition;

import java.util.SplittableRandom;

/**
 * The example indices grouped by class with one counting sort: class {@code c}'s examples are
 * {@code members[start[c] .. start[c+1])}, ascending. Plus the two O(length) primitives every
 * label-skew scheme is built from: a seeded shuffle of a segment and a proportional cut of a
 * segment across clients.
 */
final class ClassGroups {
  final int numClasses;
  final int numExamples;
  final int[] members;
  final int[] start;

  private ClassGroups(int numClasses, int[] members, int[] start) {
    this.numClasses = numClasses;
    this.numExamples = members.length;
    this.members = members;
    this.start = start;
  }

  /**
   * Groups examples by label after checking the labels.
   *
   * @throws IllegalArgumentException naming the first example with a label out of range
   */
  static ClassGroups of(int[] labels, int numClasses) {
    if (labels == null) {
      throw new IllegalArgumentException("labels must not be null");
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses = " + numClasses + ": expected >= 1");
    }
    int[] start = new int[numClasses + 1];
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i];
      if (label < 0 || label >= numClasses) {
        throw new IllegalArgumentException("example " + i + " has label " + label
            + ": expected a label in [0," + numClasses + ")");
      }
      start[label + 1]++;
    }
    for (int c = 0; c < numClasses; c++) {
      start[c + 1] += start[c];
    }
    int[] fill = start.clone();
    int[] members = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      members[fill[labels[i]]++] = i;
    }
    return new ClassGroups(numClasses, members, start);
  }

  int count(int c) {
    return start[c + 1] - start[c];
  }

  /** @return the fraction of examples in each class (all 0 for an empty dataset) */
  double[] classFrequencies() {
    double[] p = new double[numClasses];
    for (int c = 0; c < numClasses && numExamples > 0; c++) {
      p[c] = (double) count(c) / numExamples;
    }
    return p;
  }

  /**
   * Cuts {@code n} examples into consecutive runs in proportion to {@code weights} (client j's
   * run ends at {@code floor(n * cumsum_j / total)}, the last client taking the rest), NIID-Bench's
   * {@code np.split(idx, (np.cumsum(p) * len(idx)).astype(int)[:-1])}, and adds each run's length
   * to {@code counts} (and to {@code sizes}).
   */
  static void countByWeights(long n, double[] weights, double total, long[] counts, long[] sizes) {
    int k = weights.length;
    double cumulative = 0;
    long cut = 0;
    for (int j = 0; j < k; j++) {
      long next;
      if (j == k - 1) {
        next = n;
      } else {
        cumulative += weights[j];
        next = (long) Math.min(n, Math.max(cut, Math.floor(n * (cumulative / total))));
      }
      counts[j] += next - cut;
      sizes[j] += next - cut;
      cut = next;
    }
  }

  /** The total of {@code counts}. */
  static long total(long[] counts) {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /** The smallest entry of a non-empty array. */
  static long min(long[] values) {
    return java.util.Arrays.stream(values).min().orElseThrow();
  }

  /** The largest entry of a non-empty array. */
  static long max(long[] values) {
    return java.util.Arrays.stream(values).max().orElseThrow();
  }

  /** The smallest entry of a non-empty array. */
  static int min(int[] values) {
    return java.util.Arrays.stream(values).min().orElseThrow();
  }

  /** The largest entry of a non-empty array. */
  static int max(int[] values) {
    return java.util.Arrays.stream(values).max().orElseThrow();
  }
}
