package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;

/**
 * Reinterprets a {@code c x h x w} example as a vector of {@code c*h*w} values for the dense
 * layers that follow. Examples are already stored as NCHW rows, so the data do not move: forward
 * and backward are copies, and the layer exists to make the change of shape explicit.
 */
public final class FlattenLayer extends ParameterFreeLayer {

    FlattenLayer(int index, Shape inputShape, int parameterOffset) {
        super(index, inputShape, Shape.flat(inputShape.size()), parameterOffset);
    }

    @Override
    public void forward(FloatMatrix in, FloatMatrix out, float[] params, boolean training) {
        System.arraycopy(in.data(), in.offset(), out.data(), out.offset(), in.size());
    }

    @Override
    public void backward(FloatMatrix in, FloatMatrix out, FloatMatrix outGrad, FloatMatrix inGrad, float[] params,
                         float[] grad, boolean accumulate) {
        if (inGrad != null) {
            System.arraycopy(outGrad.data(), outGrad.offset(), inGrad.data(), inGrad.offset(), outGrad.size());
        }
    }

    @Override
    public String toString() {
        return "flatten " + inputShape() + "->" + inputShape().size();
    }
}
