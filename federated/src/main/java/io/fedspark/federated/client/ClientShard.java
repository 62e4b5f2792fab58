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
  private float[] weights;

  /** Kryo only. */
  @SuppressWarnings("unused")
  private ClientShard() {}

  public ClientShard(int clientId, int rows, int cols, int numClasses, float[] features, int[] labels) {
    this(clientId, rows, cols, numClasses, features, labels, null);
  }

  /**
   * @param weights one weight per example (the table's weight column), or null for unit weights
   */
  public ClientShard(int clientId, int rows, int cols, int numClasses, float[] features, int[] labels, float[] weights) {
    if (weights != null && weights.length != rows) {
      throw new IllegalArgumentException("client " + clientId + ": " + rows + " examples but " + weights.length + " weights");
    }
    this.weights = weights;
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

  /**
   * The shard of client {@code clientId} holding {@code examples} in their order (weights kept
   * unless every one is 1).
   *
   * @param cols features per example
   */
  public static ClientShard of(int clientId, java.util.List<io.fedspark.federated.data.Example> examples, int cols,
      int numClasses) {
    int n = examples.size();
    float[] x = new float[Math.multiplyExact(n, cols)];
    int[] y = new int[n];
    float[] w = new float[n];
    boolean weighted = false;
    for (int r = 0; r < n; r++) {
      var e = examples.get(r);
      System.arraycopy(e.features(), 0, x, r * cols, cols);
      y[r] = e.label();
      w[r] = e.weight();
      weighted |= e.weight() != 1f;
    }
    return new ClientShard(clientId, n, cols, numClasses, x, y, weighted ? w : null);
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

  /** The examples of {@code shards} one after the other, as the shard of {@code clientId}. */
  public static ClientShard concat(int clientId, List<ClientShard> shards) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("no shard to concatenate");
    }
    int cols = shards.get(0).cols;
    int rows = 0;
    boolean weighted = false;
    for (ClientShard s : shards) {
      rows = Math.addExact(rows, s.rows);
      weighted |= s.weights != null;
    }
    float[] x = new float[Math.multiplyExact(rows, cols)];
    int[] y = new int[rows];
    float[] w = weighted ? new float[rows] : null;
    int r = 0;
    for (ClientShard s : shards) {
      System.arraycopy(s.features, 0, x, r * cols, s.rows * cols);
      System.arraycopy(s.labels, 0, y, r, s.rows);
      if (w != null) {
        if (s.weights != null) {
          System.arraycopy(s.weights, 0, w, r, s.rows);
        } else {
          java.util.Arrays.fill(w, r, r + s.rows, 1f);
        }
      }
      r += s.rows;
    }
    return new ClientShard(clientId, rows, cols, shards.get(0).numClasses, x, y, w);
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

  /** The examples' weights, or null when every weight is 1. */
  public float[] weights() {
    return weights;
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
