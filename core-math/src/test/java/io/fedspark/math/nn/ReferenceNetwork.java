package io.fedspark.math.nn;

import java.util.List;
import java.util.Map;

/**
 * An independent, naive double-precision implementation of every layer and loss, written from
 * the documented formulas and parameter layouts (dense {@code W} as {@code in x out} then b; conv
 * {@code W[o][c][ky][kx]} then b; NCHW examples), used to check the float layers and models by
 * central finite differences. It also records how close the computation came to a kink (a ReLU
 * input near 0, two near-equal maxima in a pooling window), where finite differences are
 * meaningless: tests assert those margins before comparing.
 */
final class ReferenceNetwork {

    /** Smallest |ReLU input| seen since the last reset. */
    double minReluMargin = Double.POSITIVE_INFINITY;
    /** Smallest gap between the two largest values of a pooling window with a positive maximum. */
    double minPoolGap = Double.POSITIVE_INFINITY;

    /** One example through one layer; {@code mask} is the dropout mask row (null: inference). */
    double[] layer(Layer layer, double[] theta, double[] x, double[] mask) {
        if (layer instanceof DenseLayer d) {
            double[] y = new double[d.outputSize()];
            for (int j = 0; j < y.length; j++) {
                double s = theta[d.biasOffset() + j];
                for (int i = 0; i < d.inputSize(); i++) {
                    s += x[i] * theta[d.weightOffset() + i * d.outputSize() + j];
                }
                y[j] = s;
            }
            return y;
        }
        if (layer instanceof Conv2DLayer c) {
            return conv(c, theta, x);
        }
        if (layer instanceof MaxPool2DLayer p) {
            return maxPool(p, x);
        }
        if (layer instanceof FlattenLayer) {
            return x.clone();
        }
        if (layer instanceof ActivationLayer a) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = switch (a.activation()) {
                    case RELU -> {
                        minReluMargin = Math.min(minReluMargin, Math.abs(x[i]));
                        yield Math.max(x[i], 0);
                    }
                    case TANH -> Math.tanh(x[i]);
                    case SIGMOID -> 1 / (1 + Math.exp(-x[i]));
                };
            }
            return y;
        }
        if (layer instanceof DropoutLayer) {
            double[] y = x.clone();
            if (mask != null) {
                for (int i = 0; i < y.length; i++) {
                    y[i] *= mask[i];
                }
            }
            return y;
        }
        throw new AssertionError("no reference for " + layer);
    }

    private static double[] conv(Conv2DLayer c, double[] theta, double[] x) {
        Shape in = c.inputShape();
        Shape out = c.outputShape();
        int k = c.kernel();
        double[] y = new double[out.size()];
        for (int o = 0; o < out.channels(); o++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    double s = theta[c.biasOffset() + o];
                    for (int ch = 0; ch < in.channels(); ch++) {
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * c.stride() - c.padding() + ky;
                                int ix = ox * c.stride() - c.padding() + kx;
                                if (iy >= 0 && iy < in.height() && ix >= 0 && ix < in.width()) {
                                    double w = theta[c.weightOffset() + ((o * in.channels() + ch) * k + ky) * k + kx];
                                    s += w * x[(ch * in.height() + iy) * in.width() + ix];
                                }
                            }
                        }
                    }
                    y[(o * out.height() + oy) * out.width() + ox] = s;
                }
            }
        }
        return y;
    }

    private double[] maxPool(MaxPool2DLayer p, double[] x) {
        Shape in = p.inputShape();
        Shape out = p.outputShape();
        double[] y = new double[out.size()];
        for (int ch = 0; ch < out.channels(); ch++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    double top = Double.NEGATIVE_INFINITY;
                    double second = Double.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < p.kernel(); ky++) {
                        for (int kx = 0; kx < p.kernel(); kx++) {
                            double v = x[(ch * in.height() + oy * p.stride() + ky) * in.width() + ox * p.stride() + kx];
                            if (v > top) {
                                second = top;
                                top = v;
                            } else if (v > second) {
                                second = v;
                            }
                        }
                    }
                    if (top > 0 || second != 0) { // all-zero windows (ReLU zeros) have zero gradient anyway
                        minPoolGap = Math.min(minPoolGap, top - second);
                    }
                    y[(ch * out.height() + oy) * out.width() + ox] = top;
                }
            }
        }
        return y;
    }

    /** One example through layers {@code [0, upTo)}; {@code masks} maps a dropout layer's index to its mask row. */
    double[] network(List<Layer> layers, int upTo, double[] theta, double[] x, Map<Integer, double[]> masks) {
        double[] a = x;
        for (int l = 0; l < upTo; l++) {
            a = layer(layers.get(l), theta, a, masks.get(l));
        }
        return a;
    }

    /** Softmax cross-entropy of logits z for the label. */
    static double crossEntropy(double[] z, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return Math.log(sum) + max - z[label];
    }

    /** Mean over the outputs of the squared difference. */
    static double squaredError(double[] y, double[] t) {
        double s = 0;
        for (int j = 0; j < y.length; j++) {
            s += (y[j] - t[j]) * (y[j] - t[j]);
        }
        return s / y.length;
    }

    /** Central differences of {@code f} with respect to every element of {@code v}, step h. */
    static double[] gradient(double[] v, java.util.function.DoubleSupplier f, double h) {
        double[] g = new double[v.length];
        for (int p = 0; p < v.length; p++) {
            g[p] = derivative(v, p, f, h);
        }
        return g;
    }

    /** Central difference of {@code f} with respect to {@code v[p]}. */
    static double derivative(double[] v, int p, java.util.function.DoubleSupplier f, double h) {
        double keep = v[p];
        v[p] = keep + h;
        double up = f.getAsDouble();
        v[p] = keep - h;
        double down = f.getAsDouble();
        v[p] = keep;
        return (up - down) / (2 * h);
    }
}
