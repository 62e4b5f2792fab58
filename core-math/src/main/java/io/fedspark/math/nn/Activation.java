package io.fedspark.math.nn;

/**
 * The element-wise nonlinearity after a dense layer.
 */
public enum Activation {
    /** Rectified linear unit, {@code max(0, z)} (Nair and Hinton, ICML 2010); derivative 1 where the output is positive. */
    RELU,
    /** No nonlinearity: the layer outputs logits for the softmax. */
    IDENTITY
}
