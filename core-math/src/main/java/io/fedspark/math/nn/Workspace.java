package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;

/**
 * Activation and backpropagated-gradient buffers of one model, for up to {@code capacity} rows,
 * reused from call to call so that a training step allocates nothing but its small result arrays.
 * Grown (never shrunk) when a larger chunk arrives.
 */
final class Workspace {

    private final int[] widths;
    private int capacity;
    private float[][] activations;
    private float[][] deltas;

    /** @param outputWidths output width of each layer, from the input side */
    Workspace(int[] outputWidths) {
        this.widths = outputWidths.clone();
    }

    void ensure(int rows) {
        if (rows <= capacity) {
            return;
        }
        capacity = rows;
        activations = new float[widths.length][];
        deltas = new float[widths.length][];
        for (int l = 0; l < widths.length; l++) {
            activations[l] = new float[rows * widths[l]];
            // the last layer's gradient is written over its logits, so it needs no buffer of its own
            deltas[l] = l + 1 < widths.length ? new float[rows * widths[l]] : null;
        }
    }

    /** Output of layer l (after its activation) for the first {@code rows} rows. */
    FloatMatrix activation(int layer, int rows) {
        return FloatMatrix.wrap(activations[layer], 0, rows, widths[layer]);
    }

    /** Gradient of the loss with respect to the output of layer l. */
    FloatMatrix delta(int layer, int rows) {
        return FloatMatrix.wrap(deltas[layer], 0, rows, widths[layer]);
    }
}
