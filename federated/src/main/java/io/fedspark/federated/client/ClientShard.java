package io.fedspark.federated.client;

import io.fedspark.federated.data.LabeledDataset;
import java.io.Serializable;

/**
 * One virtual client's local training data, stacked row-major in one block so a minibatch is a
 * contiguous copy and one native call covers it. Travels to executors once and is cached there.
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
}
