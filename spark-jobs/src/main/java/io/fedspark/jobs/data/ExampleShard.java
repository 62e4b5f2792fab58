package io.fedspark.jobs.data;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import java.io.Serializable;

/**
 * One data partition's examples stacked into a single row-major block, so one native call covers
 * many rows (after Spark ML's blockified vectors). Shards are cached once and reused every epoch.
 */
public final class ExampleShard implements Serializable {
  private static final long serialVersionUID = 1L;

  private int shardId;
  private int rows;
  private int cols;
  private float[] features;
  private int[] labels;

  /** Kryo only. */
  @SuppressWarnings("unused")
  private ExampleShard() {}

  public ExampleShard(int shardId, int rows, int cols, float[] features, int[] labels) {
    if (features.length != (long) rows * cols || labels.length != rows) {
      throw new IllegalArgumentException(
          "shard " + shardId + ": " + rows + " x " + cols + " needs " + (long) rows * cols
              + " features and " + rows + " labels, got " + features.length + " and " + labels.length);
    }
    this.shardId = shardId;
    this.rows = rows;
    this.cols = cols;
    this.features = features;
    this.labels = labels;
  }

  /** Copies the examples at {@code indices} of {@code data} into a new shard. */
  public static ExampleShard of(int shardId, LabeledDataset data, int[] indices) {
    int d = data.featureCount();
    float[] x = new float[indices.length * d];
    int[] y = new int[indices.length];
    float[] src = data.features();
    for (int r = 0; r < indices.length; r++) {
      System.arraycopy(src, indices[r] * d, x, r * d, d);
      y[r] = data.label(indices[r]);
    }
    return new ExampleShard(shardId, indices.length, d, x, y);
  }

  /**
   * Splits a dataset into {@code parts} shards of near-equal size: contiguous ranges of a
   * permutation seeded by {@code seed} (or of the original order when {@code seed} is null).
   */
  public static java.util.List<ExampleShard> split(LabeledDataset data, int parts, io.fedspark.math.random.SeedSequence seed) {
    int n = data.size();
    if (parts > n) {
      throw new IllegalArgumentException("cannot split " + n + " examples of " + data.name() + " into " + parts + " partitions");
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (seed != null) {
      java.util.SplittableRandom r = seed.random();
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    java.util.List<ExampleShard> shards = new java.util.ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) n * p / parts);
      int to = (int) ((long) n * (p + 1) / parts);
      shards.add(of(p, data, java.util.Arrays.copyOfRange(order, from, to)));
    }
    return shards;
  }

  public int shardId() {
    return shardId;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public float[] features() {
    return features;
  }

  public int[] labels() {
    return labels;
  }

  /** All rows as a matrix view (no copy). */
  public FloatMatrix matrix() {
    return FloatMatrix.wrap(features, 0, rows, cols);
  }
}
