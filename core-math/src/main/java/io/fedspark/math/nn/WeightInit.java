package io.fedspark.math.nn;

import java.util.SplittableRandom;

/**
 * Random initialisation of a weight block (biases start at 0). {@code fanIn} is the number of
 * inputs feeding one output unit ({@code inputSize} for a dense layer,
 * {@code inChannels * kh * kw} for a convolution) and {@code fanOut} the number of outputs one
 * input feeds ({@code outputSize}, or {@code outChannels * kh * kw}).
 *
 * <p>Which one a layer gets depends on what follows it: He normal before a ReLU, Glorot uniform
 * before tanh, sigmoid or the loss (a linear output).
 */
public enum WeightInit {
    /**
     * He normal: {@code N(0, 2 / fanIn)}, which keeps the activation variance constant through ReLU
     * layers (He, Zhang, Ren and Sun, "Delving deep into rectifiers", ICCV 2015, eq. 10).
     */
    HE_NORMAL {
        @Override
        void fill(float[] w, int offset, int count, int fanIn, int fanOut, SplittableRandom random) {
            double std = Math.sqrt(2.0 / fanIn);
            for (int i = 0; i < count; i++) {
                w[offset + i] = (float) (std * random.nextGaussian());
            }
        }
    },
    /**
     * Glorot/Xavier uniform: {@code U(-a, a)} with {@code a = sqrt(6 / (fanIn + fanOut))}, balancing
     * forward and backward variance for a linear or tanh layer (Glorot and Bengio, "Understanding
     * the difficulty of training deep feedforward neural networks", AISTATS 2010, eq. 16).
     */
    GLOROT_UNIFORM {
        @Override
        void fill(float[] w, int offset, int count, int fanIn, int fanOut, SplittableRandom random) {
            double a = Math.sqrt(6.0 / (fanIn + fanOut));
            for (int i = 0; i < count; i++) {
                w[offset + i] = (float) ((2 * random.nextDouble() - 1) * a);
            }
        }
    };

    /** Fills {@code w[offset .. offset + count)} from {@code random}, in order. */
    abstract void fill(float[] w, int offset, int count, int fanIn, int fanOut, SplittableRandom random);
}
