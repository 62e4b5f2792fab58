package io.fedspark.jobs.train;

import io.fedspark.jobs.data.ExampleShard;
import io.fedspark.math.random.SeedSequence;
import java.util.SplittableRandom;

/**
 * Which examples of a partition form its b-th minibatch of an epoch: the partition's examples in
 * the order of a permutation seeded by (seed, "train-order", epoch, partition), cut into batches
 * of {@code size} (the last one shorter). A pure function of its inputs, so a retried task or a
 * resumed run takes exactly the same batches.
 */
final class PartitionBatches {
  private final int[] order;
  private final int size;

  PartitionBatches(ExampleShard shard, long rootSeed, int epoch, int size) {
    this.size = size;
    this.order = permutation(shard.rows(), SeedSequence.root(rootSeed).derive("train-order", epoch, shard.shardId()).random());
  }

  /** Number of batches in the epoch. */
  int count() {
    return (order.length + size - 1) / size;
  }

  /** Copies batch {@code b} into {@code x} / {@code y}; returns its row count. */
  int fill(ExampleShard s, int b, float[] x, int[] y) {
    int from = b * size;
    int m = Math.min(size, order.length - from);
    int d = s.cols();
    for (int r = 0; r < m; r++) {
      int src = order[from + r];
      System.arraycopy(s.features(), src * d, x, r * d, d);
      y[r] = s.labels()[src];
    }
    return m;
  }

  static int[] permutation(int n, SplittableRandom r) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
