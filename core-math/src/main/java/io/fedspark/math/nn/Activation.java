package io.fedspark.math.nn;

import java.util.Locale;

/**
 * Element-wise nonlinearities ({@link ActivationLayer}). Each derivative is written in terms of
 * the output {@code y = f(z)}, so backward needs only the layer's output.
 */
public enum Activation {
    /**
     * Rectified linear unit {@code max(0, z)} (Nair and Hinton, ICML 2010); {@code f' = [y > 0]}
     * (0 at the kink).
     */
    RELU {
        @Override
        float apply(float z) {
            return Math.max(z, 0f);
        }

        @Override
        float derivativeFromOutput(float y) {
            return y > 0f ? 1f : 0f;
        }
    },
    /** Hyperbolic tangent; {@code f' = 1 - y^2}. */
    TANH {
        @Override
        float apply(float z) {
            return (float) Math.tanh(z);
        }

        @Override
        float derivativeFromOutput(float y) {
            return 1f - y * y;
        }
    },
    /**
     * Logistic sigmoid {@code 1 / (1 + e^-z)}, computed in double; {@code f' = y (1 - y)}. In float it
     * is exactly 1 for {@code z > ~17} and 0 below {@code ~-104}, never NaN.
     */
    SIGMOID {
        @Override
        float apply(float z) {
            return (float) (1.0 / (1.0 + Math.exp(-z)));
        }

        @Override
        float derivativeFromOutput(float y) {
            return y * (1f - y);
        }
    };

    abstract float apply(float z);

    abstract float derivativeFromOutput(float y);

    /** The spelling in model specs: {@code relu}, {@code tanh}, {@code sigmoid}. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
