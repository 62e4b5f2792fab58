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
