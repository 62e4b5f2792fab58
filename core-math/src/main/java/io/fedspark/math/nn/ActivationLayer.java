package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;
import java.util.Objects;

/**
 * An element-wise nonlinearity {@code Y = f(X)} ({@link Activation}: ReLU, tanh or sigmoid);
 * backward is {@code dX = G .* f'(Y)}, computed from the output.
 */
public final class ActivationLayer extends ParameterFreeLayer {

    private final Activation activation;

    ActivationLayer(int index, Shape shape, Activation activation, int parameterOffset) {
        super(index, shape, shape, parameterOffset);
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /** The nonlinearity. */
    public Activation activation() {
        return activation;
    }

    @Override
    public void forward(FloatMatrix in, FloatMatrix out, float[] params, boolean training) {
        float[] x = in.data();
        float[] y = out.data();
        int xo = in.offset();
        int yo = out.offset();
        int n = in.size();
        if (activation == Activation.RELU) { // the common case, kept free of the virtual call
            for (int i = 0; i < n; i++) {
                y[yo + i] = Math.max(x[xo + i], 0f);
            }
        } else {
            for (int i = 0; i < n; i++) {
                y[yo + i] = activation.apply(x[xo + i]);
            }
        }
    }

    @Override
    public void backward(FloatMatrix in, FloatMatrix out, FloatMatrix outGrad, FloatMatrix inGrad, float[] params,
                         float[] grad, boolean accumulate) {
        if (inGrad == null) {
            return;
        }
        float[] y = out.data();
        float[] g = outGrad.data();
        float[] d = inGrad.data();
        int yo = out.offset();
        int go = outGrad.offset();
        int dof = inGrad.offset();
        int n = out.size();
        if (activation == Activation.RELU) {
            for (int i = 0; i < n; i++) {
                // [y > 0] as a bit mask, all ones iff y's bits are a positive int (so not +-0, not negative):
                // branch-free, since a branch on the sign of activations mispredicts half the time (5x slower)
                int bits = Float.floatToRawIntBits(y[yo + i]);
                int mask = (-bits & ~bits) >> 31;
                d[dof + i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[go + i]) & mask);
            }
        } else {
            for (int i = 0; i < n; i++) {
                d[dof + i] = g[go + i] * activation.derivativeFromOutput(y[yo + i]);
            }
        }
    }

    @Override
    public String toString() {
        return activation.specName() + " " + inputShape();
    }
}
