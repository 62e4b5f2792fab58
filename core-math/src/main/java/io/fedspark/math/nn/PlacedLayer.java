package io.fedspark.math.nn;

/**
 * What every {@link Layer} of a {@link Network} holds the same way: its position in the
 * network, its input and output shapes, and where its parameters start in the flat parameter
 * array (a parameter-free layer keeps the offset its successor starts at). The arithmetic of
 * each layer (dense, convolution, pooling, activation, dropout, flatten) is in the subclasses.
 */
abstract sealed class PlacedLayer implements Layer permits DenseLayer, Conv2DLayer, ParameterFreeLayer {

    private final int index;
    private final Shape inputShape;
    private final Shape outputShape;
    private final int parameterOffset;

    PlacedLayer(int index, Shape inputShape, Shape outputShape, int parameterOffset) {
        this.index = index;
        this.inputShape = inputShape;
        this.outputShape = outputShape;
        this.parameterOffset = parameterOffset;
    }

    @Override
    public final int index() {
        return index;
    }

    @Override
    public final Shape inputShape() {
        return inputShape;
    }

    @Override
    public final Shape outputShape() {
        return outputShape;
    }

    @Override
    public final int parameterOffset() {
        return parameterOffset;
    }
}
