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
   * Cuts {@code order[from .. to)} into consecutive runs, run {@code j} going to client {@code j}
   * in proportion to {@code weights[j]}: the cut after client {@code j} is at {@code
   * floor(n * cumsum_j / total)}, as NIID-Bench computes {@code (cumsum(p) * n).astype(int)}. The
   * last client takes the rest. O(clients + (to - from)).
   *
   * @param weights non-negative weights, total > 0
   * @param owner receives the client of each example in the segment
   * @param sizes incremented by the number of examples each client receives
   */
  static void splitByWeights(int[] order, int from, int to, double[] weights, double total,
      int[] owner, int[] sizes) {
    int n = to - from;
    int k = weights.length;
    double cumulative = 0;
    int cut = 0;
    for (int j = 0; j < k; j++) {
      int next;
      if (j == k - 1) {
        next = n;
      } else {
        cumulative += weights[j];
        next = (int) Math.min(n, Math.max(cut, Math.floor(n * (cumulative / total))));
      }
      for (int pos = cut; pos < next; pos++) {
        owner[order[from + pos]] = j;
      }
      sizes[j] += next - cut;
      cut = next;
    }
  }

  /** The smallest entry of a non-empty array. */
  static int min(int[] values) {
    int min = Integer.MAX_VALUE;
    for (int v : values) {
      min = Math.min(min, v);
    }
    return min;
  }

  /** The largest entry of a non-empty array. */
  static int max(int[] values) {
    int max = Integer.MIN_VALUE;
    for (int v : values) {
      max = Math.max(max, v);
    }
    return max;
  }
}
