package io.fedspark.federated.distillation;

import io.fedspark.math.FloatMatrix;
import java.util.Objects;

/**
 * The result of a KRR-ST run (Lee et al., ICLR 2024): m synthetic inputs {@code X_s} with their
 * learned target representations {@code Y_s}, ready for pretraining a fresh network by regressing
 * {@code Y_s} from {@code X_s} ({@link DistillationEvaluation}), plus how it was made.
 *
 * @param size m
 * @param inputSize d, the width of an input row
 * @param targetSize r, the width of a target row
 * @param inputs {@code X_s}, {@code m x d} row-major
 * @param targets {@code Y_s}, {@code m x r} row-major
 * @param lossCurve the outer loss of every step taken, in order
 * @param initialIndices the indices of the real examples that initialised {@code X_s}, row by row
 * @param provenance the options, seed and target encoder of the run
 */
public record DistilledSet(int size, int inputSize, int targetSize, float[] inputs, float[] targets,
    double[] lossCurve, int[] initialIndices, String provenance) {

  public DistilledSet {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(lossCurve, "lossCurve");
    Objects.requireNonNull(initialIndices, "initialIndices");
    Objects.requireNonNull(provenance, "provenance");
    if (size < 1 || inputSize < 1 || targetSize < 1 || inputs.length != (long) size * inputSize
        || targets.length != (long) size * targetSize || initialIndices.length != size) {
      throw new IllegalArgumentException("distilled set of m = " + size + ", d = " + inputSize + ", r = "
          + targetSize + ": got " + inputs.length + " input values, " + targets.length + " target values and "
          + initialIndices.length + " initial indices; expected m*d, m*r and m");
    }
  }

  /** {@code X_s} as a new {@code m x d} matrix. */
  public FloatMatrix inputMatrix() {
    return FloatMatrix.wrap(inputs.clone(), size, inputSize);
  }

  /** {@code Y_s} as a new {@code m x r} matrix. */
  public FloatMatrix targetMatrix() {
    return FloatMatrix.wrap(targets.clone(), size, targetSize);
  }

  /** The mean of the first (or last) {@code k} outer losses, clamped to the curve's length. */
  public double meanLoss(boolean first, int k) {
    int n = Math.min(k, lossCurve.length);
    if (n == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += lossCurve[first ? i : lossCurve.length - 1 - i];
    }
    return s / n;
  }

  @Override
  public String toString() {
    return "DistilledSet[m = " + size + ", d = " + inputSize + ", r = " + targetSize + ", " + lossCurve.length
        + " outer steps; " + provenance + "]";
  }
}
