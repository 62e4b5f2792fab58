package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.Blas;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A fully connected (affine) layer {@code Y = X W + 1 b^T}: the weights {@code W} are an
 * {@code inputSize x outputSize} row-major block at {@link #weightOffset()} of the model's flat
 * parameter array, immediately followed by the bias {@code b} ({@code outputSize} floats) at
 * {@link #biasOffset()}. Layers are laid out one after another from the input side, so an MLP's
 * array is {@code W0, b0, W1, b1, ...}.
 *
 * <p>Backward: {@code dW = X^T G}, {@code db = 1^T G} (column sums), {@code dX = G W^T}; each
 * product is one {@link Blas#gemm} over the whole batch. Per-example gradient norms use
 * {@code ||dW_i||^2 + ||db_i||^2 = (||x_i||^2 + 1) ||g_i||^2}, since {@code dW_i = x_i g_i^T} is an
 * outer product (Goodfellow, "Efficient per-example gradient computations", 2015).
 */
public final class DenseLayer extends PlacedLayer {

    private final int inputSize;
    private final int outputSize;
    private final int weightOffset;
    private final WeightInit init;
    private final Blas blas;

    DenseLayer(int index, int inputSize, int outputSize, int weightOffset, WeightInit init, Blas blas) {
        super(index, Shape.flat(inputSize), Shape.flat(outputSize), weightOffset);
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.weightOffset = weightOffset;
        this.init = Objects.requireNonNull(init, "init");
        this.blas = blas;
    }

    /** Number of inputs per example (rows of W). */
    public int inputSize() {
        return inputSize;
    }

    /** Number of outputs per example (columns of W). */
    public int outputSize() {
        return outputSize;
    }

    /** Index of {@code W[0][0]} in the flat parameter array. */
    public int weightOffset() {
        return weightOffset;
    }

    /** Index of {@code b[0]}, {@code weightOffset() + inputSize * outputSize}. */
    public int biasOffset() {
        return weightOffset + inputSize * outputSize;
    }

    /** How the weights are initialised (the bias starts at 0). */
    public WeightInit init() {
        return init;
    }

    /** {@code inputSize * outputSize + outputSize}. */
    @Override
    public int parameterCount() {
        return inputSize * outputSize + outputSize;
    }

    /** The weight block of {@code params} (or of a gradient laid out the same way) as a matrix view. */
    public FloatMatrix weights(float[] params) {
        return FloatMatrix.wrap(params, weightOffset, inputSize, outputSize);
    }

    @Override
    public void initialize(float[] params, SplittableRandom random) {
        init.fill(params, weightOffset, inputSize * outputSize, inputSize, outputSize, random);
        Arrays.fill(params, biasOffset(), biasOffset() + outputSize, 0f);
    }

    @Override
    public void forward(FloatMatrix in, FloatMatrix out, float[] params, boolean training) {
        blas.gemm(false, false, 1f, in, weights(params), 0f, out);
        float[] d = out.data();
        int b = biasOffset();
        for (int i = 0; i < out.nrow(); i++) {
            int row = out.offset() + i * outputSize;
            for (int j = 0; j < outputSize; j++) {
                d[row + j] += params[b + j];
            }
        }
    }

    @Override
    public void backward(FloatMatrix in, FloatMatrix out, FloatMatrix outGrad, FloatMatrix inGrad, float[] params,
                         float[] grad, boolean accumulate) {
        if (grad != null) {
            blas.gemm(true, false, 1f, in, outGrad, accumulate ? 1f : 0f, weights(grad));
            addColumnSums(outGrad, grad, biasOffset(), accumulate);
        }
        if (inGrad != null) {
            blas.gemm(false, true, 1f, outGrad, weights(params), 0f, inGrad);
        }
    }

    @Override
    public void addExampleGradientNormsSquared(FloatMatrix in, FloatMatrix outGrad, float[] normsSquared, int offset) {
        for (int i = 0; i < in.nrow(); i++) {
            double x2 = sumOfSquares(in.data(), in.offset() + i * inputSize, inputSize);
            double g2 = sumOfSquares(outGrad.data(), outGrad.offset() + i * outputSize, outputSize);
            normsSquared[offset + i] += (float) ((x2 + 1) * g2);
        }
    }

    static double sumOfSquares(float[] v, int off, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += (double) v[off + j] * v[off + j];
        }
        return s;
    }

    /** {@code out[off + j] (+)= sum_i m[i][j]}. */
    static void addColumnSums(FloatMatrix m, float[] out, int off, boolean accumulate) {
        int k = m.ncol();
        if (!accumulate) {
            Arrays.fill(out, off, off + k, 0f);
        }
        float[] d = m.data();
        for (int i = 0; i < m.nrow(); i++) {
            int row = m.offset() + i * k;
            for (int j = 0; j < k; j++) {
                out[off + j] += d[row + j];
            }
        }
    }

    @Override
    public String toString() {
        return "dense " + inputSize + "->" + outputSize + " @" + weightOffset;
    }
}
