package io.fedspark.federated.data;

import java.io.Serializable;
import java.util.Comparator;

/**
 * One labelled example of a user's table as the executors hold it after decoding a row: its
 * stable key ({@link RowKey}), its features, its class index and its weight (1 without a weight
 * column).
 *
 * <p>A final class, not a record: examples are shuffled between executors, and Kryo 4 (Spark's)
 * cannot serialise records unless a serializer is registered for them, which a user's own Spark
 * session (the Spark ML estimators) does not do.
 */
public final class Example implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long key;
  private final float[] features;
  private final int label;
  private final float weight;

  /**
   * @param key the stable row key
   * @param features the features, scaled
   * @param label the class index
   * @param weight the example's weight
   */
  public Example(long key, float[] features, int label, float weight) {
    this.key = key;
    this.features = features;
    this.label = label;
    this.weight = weight;
  }

  public long key() {
    return key;
  }

  public float[] features() {
    return features;
  }

  public int label() {
    return label;
  }

  public float weight() {
    return weight;
  }

  /**
   * The order of examples within a partition or client: by {@code RowKey.hash(key, salt)}, then by
   * key, then by content, a total order independent of where the rows came from.
   */
  public static Comparator<Example> order(long salt) {
    return (a, b) -> {
      int c = Long.compareUnsigned(RowKey.hash(a.key, salt), RowKey.hash(b.key, salt));
      if (c != 0) {
        return c;
      }
      c = Long.compare(a.key, b.key);
      if (c != 0) {
        return c;
      }
      c = RowKey.compareContent(a.features, 0, a.features.length, a.label, b.features, 0, b.features.length, b.label);
      return c != 0 ? c : Float.compare(a.weight, b.weight);
    };
  }
}
