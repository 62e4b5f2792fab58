package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;
import java.util.Objects;

/**
 * Validation of the arguments of {@link Model}'s batch operations, with messages that name the
 * operation, the argument, the value and what was expected.
 */
final class BatchArguments {

    private BatchArguments() {
    }

    static void input(String op, FloatMatrix x, ModelSpec spec) {
        Objects.requireNonNull(x, op + ": x");
        if (x.ncol() != spec.inputSize()) {
            throw new IllegalArgumentException(op + ": x is " + x.shape() + " but model " + spec + " expects "
                    + spec.inputSize() + " inputs per row" + (spec.inputShape().isFlat() ? "" : " (" + spec.inputShape()
                    + ", NCHW)"));
        }
        if (x.nrow() == 0) {
            throw new IllegalArgumentException(op + ": x has no rows; a mean over an empty batch is undefined");
        }
    }

    static void loss(String op, ModelSpec spec, Loss expected) {
        if (spec.loss() != expected) {
            throw new IllegalArgumentException(op + ": model " + spec + " is trained with loss=" + spec.loss().specName()
                    + (spec.loss() == Loss.MEAN_SQUARED_ERROR
                    ? ", which needs float targets (the FloatMatrix overload), not class labels"
                    : ", which needs class labels (the int[] overload), not float targets"));
        }
    }

    /** Validates labels against the number of classes, and the weights; returns the total weight. */
    static double labelsAndWeights(String op, int n, int[] labels, float[] weights, ModelSpec spec) {
        Objects.requireNonNull(labels, op + ": labels");
        if (labels.length != n) {
            throw new IllegalArgumentException(op + ": x has " + n + " rows but labels has " + labels.length + " entries");
        }
        int classes = spec.outputSize();
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(op + ": label " + labels[i] + " of example " + i + " is outside [0, "
                        + classes + ") for model " + spec);
            }
        }
        return weights(op, n, weights);
    }

    /** Validates the targets' shape and the weights; returns the total weight. */
    static double targetsAndWeights(String op, FloatMatrix x, FloatMatrix targets, float[] weights, ModelSpec spec) {
        Objects.requireNonNull(targets, op + ": targets");
        if (targets.nrow() != x.nrow() || targets.ncol() != spec.outputSize()) {
            throw new IllegalArgumentException(op + ": x is " + x.shape() + " but targets is " + targets.shape()
                    + "; model " + spec + " expects " + x.nrow() + " x " + spec.outputSize());
        }
        return weights(op, x.nrow(), weights);
    }

    /** Non-negative finite weights with a positive sum, or null for all 1; returns the total. */
    static double weights(String op, int n, float[] weights) {
        if (weights == null) {
            return n;
        }
        if (weights.length != n) {
            throw new IllegalArgumentException(op + ": x has " + n + " rows but exampleWeights has " + weights.length
                    + " entries");
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (!(weights[i] >= 0f) || Float.isInfinite(weights[i])) {
                throw new IllegalArgumentException(op + ": weight " + weights[i] + " of example " + i
                        + " is not a finite non-negative number");
            }
            sum += weights[i];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException(op + ": the example weights sum to " + sum + "; expected a positive total");
        }
        return sum;
    }

    static void gradient(String op, float[] gradOut, float[] params, ModelSpec spec) {
        if (gradOut == null) {
            return;
        }
        if (gradOut.length != params.length) {
            throw new IllegalArgumentException(op + ": gradOut has " + gradOut.length + " floats but model "
                    + spec + " has " + params.length + " parameters");
        }
        if (gradOut == params) {
            throw new IllegalArgumentException(op + ": gradOut is the parameter array itself");
        }
    }

    static void sameShape(String op, String name, FloatMatrix m, int rows, int cols) {
        if (m != null && (m.nrow() != rows || m.ncol() != cols)) {
            throw new IllegalArgumentException(op + ": " + name + " is " + m.shape() + ", expected " + rows + " x " + cols);
        }
    }
}
