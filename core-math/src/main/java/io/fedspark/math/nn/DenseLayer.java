package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;

/**
 * Where one dense layer {@code y = act(x W + b)} lives inside a model's flat parameter array:
 * the weights {@code W} are an {@code inputSize x outputSize} row-major block at
 * {@code weightOffset}, immediately followed by the bias {@code b} ({@code outputSize} floats) at
 * {@code biasOffset}. Layers are laid out one after another from the input side, so the whole
 * array is {@code W0, b0, W1, b1, ...}.
 *
 * @param index position from the input side, 0-based
 * @param activation the nonlinearity applied to {@code x W + b}
 * @param init how the weights are initialised
 */
public record DenseLayer(int index, int inputSize, int outputSize, int weightOffset, int biasOffset,
                         Activation activation, WeightInit init) {

    /** Number of parameters of this layer, {@code inputSize * outputSize + outputSize}. */
    public int parameterCount() {
        return inputSize * outputSize + outputSize;
    }

    /** The weight block of {@code params} (or of a gradient laid out the same way) as a matrix view. */
    public FloatMatrix weights(float[] params) {
        return FloatMatrix.wrap(params, weightOffset, inputSize, outputSize);
    }
}
