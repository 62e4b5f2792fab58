package io.fedspark.federated.data;

import io.fedspark.math.FloatMatrix;
import java.util.Arrays;

/**
 * A labelled classification dataset held in memory: {@code size} examples, each a dense feature
 * vector of {@code featureCount} floats laid out row-major in one array, plus one integer class
 * label in {@code [0, numClasses)} per example.
 *
 * <p>{@code shape} describes one example: {@code {1, 28, 28}} for a single-channel 28x28 image,
 * {@code {64}} for the 8x8 digits flattened. {@code featureCount} is the product of the shape.
 * The loaders of this package scale features to [0, 1] (IDX pixels divided by 255, digits values
 * divided by 16).
 *
 * <p>Immutable by convention: to avoid copying tens of megabytes, {@link #features()} and {@link
 * #labels()} return the backing arrays, which callers must not modify, and {@link #of} takes
 * ownership of the arrays it is given.
 */
public final class LabeledDataset {
  private final String name;
  private final int[] shape;
  private final int featureCount;
  private final int size;
  private final float[] features;
  private final int[] labels;
  private final int numClasses;

  private LabeledDataset(
      String name, int[] shape, int featureCount, float[] features, int[] labels, int numClasses) {
    this.name = name;
    this.shape = shape;
    this.featureCount = featureCount;
    this.size = labels.length;
    this.features = features;
    this.labels = labels;
    this.numClasses = numClasses;
  }

  /**
   * Creates a dataset after checking that the arrays agree with each other.
   *
   * @param name a short name used in messages and provenance, e.g. {@code "mnist-train"}
   * @param shape the shape of one example; every dimension positive
   * @param features {@code size * featureCount} values, row-major; ownership passes to the dataset
   * @param labels {@code size} labels, each in {@code [0, numClasses)}; ownership passes too
   * @param numClasses the number of classes, at least 1
   * @return the dataset
   * @throws IllegalArgumentException naming the dataset, the offending value and what was expected
   */
  public static LabeledDataset of(
      String name, int[] shape, float[] features, int[] labels, int numClasses) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("dataset name must not be blank, got '" + name + "'");
    }
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException(
          name + ": shape must have at least one dimension, got " + Arrays.toString(shape));
    }
    long product = 1;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] <= 0) {
        throw new IllegalArgumentException(
            name + ": shape " + Arrays.toString(shape) + " has dimension " + d + " = " + shape[d]
                + ": expected every dimension to be positive");
      }
      product *= shape[d];
      if (product > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            name + ": shape " + Arrays.toString(shape) + " has more than "
                + Integer.MAX_VALUE + " features per example");
      }
    }
    int featureCount = (int) product;
    if (features == null || labels == null) {
      throw new IllegalArgumentException(
          name + ": features and labels must not be null (features "
              + (features == null ? "null" : "present") + ", labels "
              + (labels == null ? "null" : "present") + ")");
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException(
          name + ": numClasses is " + numClasses + ": expected at least 1");
    }
    if ((long) labels.length * featureCount != features.length) {
      throw new IllegalArgumentException(
          name + ": " + labels.length + " labels need " + (long) labels.length * featureCount
              + " feature values (" + featureCount + " per example, shape "
              + Arrays.toString(shape) + "), got " + features.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            name + ": example " + i + " has label " + labels[i] + ": expected a label in [0,"
                + numClasses + ")");
      }
    }
    return new LabeledDataset(name, shape.clone(), featureCount, features, labels, numClasses);
  }

  /** @return the dataset's name, e.g. {@code "mnist-train"} */
  public String name() {
    return name;
  }

  /** @return the number of examples */
  public int size() {
    return size;
  }

  /** @return a copy of the shape of one example */
  public int[] shape() {
    return shape.clone();
  }

  /** @return the number of features per example, the product of {@link #shape()} */
  public int featureCount() {
    return featureCount;
  }

  /** @return the backing row-major feature array of length {@code size * featureCount}; do not modify */
  public float[] features() {
    return features;
  }

  /** @return the features as a {@code size x featureCount} matrix view of {@link #features()} (no copy; do not modify) */
  public FloatMatrix featureMatrix() {
    return FloatMatrix.wrap(features, size, featureCount);
  }

  /** @return the backing label array of length {@code size}; do not modify */
  public int[] labels() {
    return labels;
  }

  /** @return the number of classes; every label is in {@code [0, numClasses)} */
  public int numClasses() {
    return numClasses;
  }

  /**
   * Returns one feature value.
   *
   * @param i the example index in {@code [0, size)}
   * @param j the feature index in {@code [0, featureCount)}
   * @return feature {@code j} of example {@code i}
   */
  public float feature(int i, int j) {
    checkExample(i);
    if (j < 0 || j >= featureCount) {
      throw new IndexOutOfBoundsException(
          name + ": feature index " + j + " is out of range [0," + featureCount + ")");
    }
    return features[i * featureCount + j];
  }

  /**
   * Returns one label.
   *
   * @param i the example index in {@code [0, size)}
   * @return the label of example {@code i}
   */
  public int label(int i) {
    checkExample(i);
    return labels[i];
  }

  /**
   * Copies the chosen examples, in the given order, into a new dataset. Repeated indices are
   * allowed (bootstrap samples).
   *
   * @param indices example indices, each in {@code [0, size)}
   * @param subsetName the new dataset's name
   * @return the subset, with the same shape and number of classes
   */
  public LabeledDataset subset(int[] indices, String subsetName) {
    float[] subFeatures = new float[Math.multiplyExact(indices.length, featureCount)];
    int[] subLabels = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      if (i < 0 || i >= size) {
        throw new IndexOutOfBoundsException(
            name + ": subset index " + i + " (position " + k + " of " + indices.length
                + ") is out of range [0," + size + ")");
      }
      System.arraycopy(features, i * featureCount, subFeatures, k * featureCount, featureCount);
      subLabels[k] = labels[i];
    }
    return of(subsetName, shape, subFeatures, subLabels, numClasses);
  }

  /**
   * Counts the examples of each class.
   *
   * @return an array of length {@code numClasses} whose entry {@code c} is the number of examples
   *     labelled {@code c}
   */
  public int[] classCounts() {
    int[] counts = new int[numClasses];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /**
   * Returns the first {@code min(n, size)} examples as a new dataset named {@code name[:k]}.
   *
   * @param n the number of examples wanted, not negative
   * @return the leading examples
   */
  public LabeledDataset head(int n) {
    if (n < 0) {
      throw new IllegalArgumentException(name + ": head(" + n + "): expected n >= 0");
    }
    int k = Math.min(n, size);
    return of(
        name + "[:" + k + "]",
        shape,
        Arrays.copyOf(features, k * featureCount),
        Arrays.copyOf(labels, k),
        numClasses);
  }

  private void checkExample(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(
          name + ": example index " + i + " is out of range [0," + size + ")");
    }
  }

  @Override
  public String toString() {
    return "LabeledDataset[" + name + ": " + size + " x " + Arrays.toString(shape) + ", "
        + numClasses + " classes]";
  }
}
