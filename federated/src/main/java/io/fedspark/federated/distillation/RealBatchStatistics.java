package io.fedspark.federated.distillation;

import io.fedspark.math.FloatMatrix;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the real batch of one KRR-ST outer step contributes, as a sum over its examples, so that a
 * Spark job can add it up over blocks on its executors and merge the blocks with
 * {@code treeAggregate} (merge is element-wise addition, with dimension checks).
 *
 * <p>With {@code f_i = [g_j(x_i), 1]} the features of augmented real example i (bias column last),
 * {@code y_i = phi(x_i)} its target and {@code W = F_s' A^-1 Y_s} ((h+1) x r, from
 * {@link KernelRidgeSystem#realWeights()}), the prediction is {@code p_i = f_i W}, which is row i
 * of {@code K_rs A^-1 Y_s = F_r F_s' A^-1 Y_s}, and the residual is {@code e_i = p_i - y_i}. This
 * accumulates, in double,
 * <pre>
 *   E  = sum_i f_i' e_i         ((h+1) x r, = F_r' (P - y_r))
 *   SS = sum_i ||e_i||^2
 *   n  = number of examples
 * </pre>
 * from which {@link KernelRidgeSystem#gradient} gets the loss {@code SS / (n r)} and
 * {@code F_r' R = 2 E / (n r)}, all that the gradient needs of the real batch. The features must be
 * computed by the same model j and the same W as the system of the step.
 */
public final class RealBatchStatistics implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int featureWidth;
  private final int targetWidth;
  private final double[] residualProducts;
  private double squaredError;
  private long count;

  private RealBatchStatistics(int featureWidth, int targetWidth) {
    this.featureWidth = featureWidth;
    this.targetWidth = targetWidth;
    this.residualProducts = new double[(featureWidth + 1) * targetWidth];
  }

  /**
   * The zero element: no examples yet.
   *
   * @param featureWidth h, the width of {@code g_j} (without the bias column)
   * @param targetWidth r
   */
  public static RealBatchStatistics empty(int featureWidth, int targetWidth) {
    if (featureWidth < 1 || targetWidth < 1) {
      throw new IllegalArgumentException("real batch statistics: feature width " + featureWidth
          + " and target width " + targetWidth + " must both be at least 1");
    }
    return new RealBatchStatistics(featureWidth, targetWidth);
  }

  /**
   * Adds a block of examples (mutates and returns this).
   *
   * @param features {@code g_j(x)}, {@code n x h} (no bias column)
   * @param targets {@code phi(x)}, {@code n x r}
   * @param realWeights W, {@code (h+1) x r} row-major, bias row last
   */
  public RealBatchStatistics add(FloatMatrix features, FloatMatrix targets, double[] realWeights) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(realWeights, "realWeights");
    int h = featureWidth;
    int r = targetWidth;
    if (features.ncol() != h || targets.ncol() != r || features.nrow() != targets.nrow()
        || realWeights.length != (h + 1) * r) {
      throw new IllegalArgumentException("real batch statistics (h = " + h + ", r = " + r + "): features are "
          + features.shape() + ", targets " + targets.shape() + " and W has " + realWeights.length
          + " elements; expected n x " + h + ", n x " + r + " and " + (h + 1) * r);
    }
    float[] fd = features.data();
    float[] td = targets.data();
    double[] e = new double[r];
    for (int i = 0; i < features.nrow(); i++) {
      int fo = features.offset() + i * h;
      int to = targets.offset() + i * r;
      System.arraycopy(realWeights, h * r, e, 0, r);
      for (int k = 0; k < h; k++) {
        double f = fd[fo + k];
        if (f == 0) {
          continue;
        }
        for (int j = 0; j < r; j++) {
          e[j] += f * realWeights[k * r + j];
        }
      }
      for (int j = 0; j < r; j++) {
        e[j] -= td[to + j];
        squaredError += e[j] * e[j];
        residualProducts[h * r + j] += e[j];
      }
      for (int k = 0; k < h; k++) {
        double f = fd[fo + k];
        if (f == 0) {
          continue;
        }
        for (int j = 0; j < r; j++) {
          residualProducts[k * r + j] += f * e[j];
        }
      }
    }
    count += features.nrow();
    return this;
  }

  /** Adds another block's statistics into this one (mutates and returns this). */
  public RealBatchStatistics merge(RealBatchStatistics other) {
    Objects.requireNonNull(other, "other");
    if (other.featureWidth != featureWidth || other.targetWidth != targetWidth) {
      throw new IllegalArgumentException("real batch statistics: cannot merge h = " + other.featureWidth + ", r = "
          + other.targetWidth + " into h = " + featureWidth + ", r = " + targetWidth);
    }
    for (int i = 0; i < residualProducts.length; i++) {
      residualProducts[i] += other.residualProducts[i];
    }
    squaredError += other.squaredError;
    count += other.count;
    return this;
  }

  /** h, the feature width without the bias column. */
  public int featureWidth() {
    return featureWidth;
  }

  /** r. */
  public int targetWidth() {
    return targetWidth;
  }

  /** n, the number of examples added. */
  public long count() {
    return count;
  }

  /** {@code sum_i ||p_i - y_i||^2}. */
  public double squaredError() {
    return squaredError;
  }

  /** The outer loss {@code mean((P - y_r)^2) = SS / (n r)}. */
  public double loss() {
    requireExamples();
    return squaredError / ((double) count * targetWidth);
  }

  /** A copy of {@code E = F_r' (P - y_r)}, {@code (h+1) x r} row-major, bias row last. */
  public double[] residualProducts() {
    return residualProducts.clone();
  }

  void requireExamples() {
    if (count == 0) {
      throw new IllegalStateException("real batch statistics: no examples were added; the outer loss of an empty"
          + " real batch is undefined");
    }
  }

  @Override
  public String toString() {
    return "RealBatchStatistics[n = " + count + ", h = " + featureWidth + ", r = " + targetWidth + ", SS = "
        + squaredError + "]";
  }
}
