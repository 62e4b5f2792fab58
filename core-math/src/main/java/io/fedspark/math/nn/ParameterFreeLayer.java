package io.fedspark.math.nn;

/**
 * A {@link PlacedLayer} with no parameters of its own (activation, dropout, flatten, pooling):
 * {@link #parameterCount()} is 0 and its gradient has no block in the flat gradient array.
 */
abstract sealed class ParameterFreeLayer extends PlacedLayer
        permits MaxPool2DLayer, FlattenLayer, ActivationLayer, DropoutLayer {

    ParameterFreeLayer(int index, Shape inputShape, Shape outputShape, int parameterOffset) {
        super(index, inputShape, outputShape, parameterOffset);
    }

    @Override
    public final int parameterCount() {
        return 0;
    }
}
