package io.fedspark.federated.client;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.random.Permutations;
import io.fedspark.math.random.SeedSequence;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One virtual client's local training data, or one data partition of a data-parallel job, stacked
 * row-major in one block so a minibatch is a contiguous copy and one native call covers many rows
 * (after Spark ML's blockified vectors). Travels to executors once and is cached there.
 */
public final class ClientShard implements Serializable {
  private static final long serialVersionUID = 1L;

  private int clientId;
  private int rows;
  private int cols;
  private int numClasses;
  private float[] features;
  private int[] labels;

  /** Kryo only. */
  @SuppressWarnings("unused")
  private ClientShard() {}

  public ClientShard(int clientId, int rows, int cols, int numClasses, float[] features, int[] labels) {
    if (features.length != (long) rows * cols || labels.length != rows) {
      throw new IllegalArgumentException(
          "client " + clientId + ": " + rows + " x " + cols + " needs " + (long) rows * cols + " features and "
              + rows + " labels, got " + features.length + " and " + labels.length);
    }
    this.clientId = clientId;
    this.rows = rows;
    this.cols = cols;
    this.numClasses = numClasses;
    this.features = features;
    this.labels = labels;
  }

  /** Copies the examples at {@code indices} of {@code data} into client {@code clientId}'s shard. */
  public static ClientShard of(int clientId, LabeledDataset data, int[] indices) {
    int d = data.featureCount();
    float[] x = new float[indices.length * d];
    int[] y = new int[indices.length];
    float[] src = data.features();
    for (int r = 0; r < indices.length; r++) {
      System.arraycopy(src, indices[r] * d, x, r * d, d);
      y[r] = data.label(indices[r]);
    }
    return new ClientShard(clientId, indices.length, d, data.numClasses(), x, y);
  }

  /**
   * Splits a dataset into {@code parts} shards (ids 0..parts-1) of near-equal size: contiguous
   * ranges of a permutation seeded by {@code seed}, or of the original order when it is null.
   */
  public static List<ClientShard> split(LabeledDataset data, int parts, SeedSequence seed) {
    int n = data.size();
    if (parts < 1 || parts > n) {
      throw new IllegalArgumentException("cannot split " + n + " examples of " + data.name() + " into " + parts + " partitions");
    }
    int[] order;
    if (seed != null) {
      order = Permutations.of(n, seed.random());
    } else {
      order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
    }
    List<ClientShard> shards = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) n * p / parts);
      int to = (int) ((long) n * (p + 1) / parts);
      shards.add(of(p, data, Arrays.copyOfRange(order, from, to)));
    }
    return shards;
  }

  public int clientId() {
    return clientId;
  }

  public int size() {
    return rows;
  }

  public int featureCount() {
    return cols;
  }

  public int numClasses() {
    return numClasses;
  }

  /** Backing array, row-major; do not modify. */
  public float[] features() {
    return features;
  }

  /** Backing array; do not modify. */
  public int[] labels() {
    return labels;
  }

  /** All rows as a matrix view (no copy). */
  public FloatMatrix matrix() {
    return FloatMatrix.wrap(features, 0, rows, cols);
  }
}
