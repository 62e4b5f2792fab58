package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;
import java.util.Arrays;

/**
 * Max pooling over {@code k x k} windows moved by {@code stride} within each channel, without
 * padding: {@code Y[c][oy][ox] = max_{ky,kx < k} X[c][oy*s + ky][ox*s + kx]}, output size
 * {@code floor((H - k) / s) + 1} per side (LeCun et al. 1998 pooled by averaging; max pooling as in
 * Ranzato et al., CVPR 2007). Forward records the position of each maximum (the first one in
 * row-major window order on ties); backward routes {@code G} to those positions,
 * {@code dX[argmax] += G}, the subgradient that picks that element.
 */
public final class MaxPool2DLayer extends ParameterFreeLayer {

    private final int kernel;
    private final int stride;
    private int[] argmax = new int[0];

    MaxPool2DLayer(int index, Shape inputShape, int kernel, int stride, int parameterOffset) {
        super(index, inputShape, outputShape(inputShape, kernel, stride), parameterOffset);
        this.kernel = kernel;
        this.stride = stride;
    }

    /** {@code c x (floor((H - k) / s) + 1) x (floor((W - k) / s) + 1)}, after checking the window fits. */
    private static Shape outputShape(Shape inputShape, int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("max pooling needs kernel and stride >= 1, got " + kernel + " and " + stride);
        }
        if (inputShape.height() < kernel || inputShape.width() < kernel) {
            throw new IllegalArgumentException("max pooling " + kernel + "x" + kernel + " does not fit input "
                    + inputShape.dimensions());
        }
        return new Shape(inputShape.channels(), (inputShape.height() - kernel) / stride + 1,
                (inputShape.width() - kernel) / stride + 1);
    }

    /** Window side {@code k}. */
    public int kernel() {
        return kernel;
    }

    /** Step between windows. */
    public int stride() {
        return stride;
    }

    @Override
    public void forward(FloatMatrix in, FloatMatrix out, float[] params, boolean training) {
        int n = in.nrow();
        int outSize = outputShape().size();
        if (argmax.length < n * outSize) {
            argmax = new int[n * outSize];
        }
        int channels = inputShape().channels();
        int h = inputShape().height();
        int w = inputShape().width();
        int ho = outputShape().height();
        int wo = outputShape().width();
        float[] x = in.data();
        float[] y = out.data();
        int inSize = inputShape().size();
        for (int e = 0; e < n; e++) {
            int xRow = in.offset() + e * inSize;
            int yRow = out.offset() + e * outSize;
            int o = 0;
            for (int c = 0; c < channels; c++) {
                int plane = c * h * w;
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++) {
                        int first = plane + oy * stride * w + ox * stride;
                        int best = first;
                        float max = x[xRow + first];
                        for (int ky = 0; ky < kernel; ky++) {
                            int r = first + ky * w;
                            for (int kx = 0; kx < kernel; kx++) {
                                float v = x[xRow + r + kx];
                                if (v > max) {
                                    max = v;
                                    best = r + kx;
                                }
                            }
                        }
                        y[yRow + o] = max;
                        argmax[e * outSize + o] = best;
                        o++;
                    }
                }
            }
        }
    }

    @Override
    public void backward(FloatMatrix in, FloatMatrix out, FloatMatrix outGrad, FloatMatrix inGrad, float[] params,
                         float[] grad, boolean accumulate) {
        if (inGrad == null) {
            return;
        }
        int n = outGrad.nrow();
        int outSize = outputShape().size();
        int inSize = inputShape().size();
        float[] g = outGrad.data();
        float[] d = inGrad.data();
        Arrays.fill(d, inGrad.offset(), inGrad.offset() + inGrad.size(), 0f);
        for (int e = 0; e < n; e++) {
            int gRow = outGrad.offset() + e * outSize;
            int dRow = inGrad.offset() + e * inSize;
            for (int o = 0; o < outSize; o++) {
                d[dRow + argmax[e * outSize + o]] += g[gRow + o];
            }
        }
    }

    @Override
    public String toString() {
        return "maxpool " + kernel + "x" + kernel + "/" + stride + " " + inputShape() + "->" + outputShape();
    }
}
