package io.fedspark.federated.train;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.math.random.SeedSequence;
import io.fedspark.math.random.Permutations;

/**
 * Which examples of a partition form its b-th minibatch of an epoch: the partition's examples in
 * the order of a permutation seeded by (seed, "train-order", epoch, partition), cut into batches
 * of {@code size} (the last one shorter). A pure function of its inputs, so a retried task or a
 * resumed run takes exactly the same batches.
 */
public final class PartitionBatches {
  private final int[] order;
  private final int size;

  public PartitionBatches(ClientShard shard, long rootSeed, int epoch, int size) {
    this.size = size;
    this.order = Permutations.of(shard.size(), SeedSequence.root(rootSeed).derive("train-order", epoch, shard.clientId()).random());
  }

  /** Number of batches in the epoch. */
  public int count() {
    return (order.length + size - 1) / size;
  }

  /** Copies batch {@code b} into {@code x} / {@code y}; returns its row count. */
  /**
   * The weights of batch {@code b} (the shard's weight column), or null when the shard has none.
   */
  public float[] weights(ClientShard s, int b) {
    if (s.weights() == null) {
      return null;
    }
    int from = b * size;
    int m = Math.min(size, order.length - from);
    float[] w = new float[m];
    for (int r = 0; r < m; r++) {
      w[r] = s.weights()[order[from + r]];
    }
    return w;
  }

  public int fill(ClientShard s, int b, float[] x, int[] y) {
    int from = b * size;
    int m = Math.min(size, order.length - from);
    int d = s.featureCount();
    for (int r = 0; r < m; r++) {
      int src = order[from + r];
      System.arraycopy(s.features(), src * d, x, r * d, d);
      y[r] = s.labels()[src];
    }
    return m;
  }
}
