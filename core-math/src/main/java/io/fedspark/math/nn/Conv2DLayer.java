package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.Blas;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Two-dimensional convolution (cross-correlation, as in every deep-learning library) with
 * {@code outChannels} filters of {@code k x k} over all input channels, a stride and zero padding:
 * <pre>
 *   Y[o][oy][ox] = b[o] + sum_{c, ky, kx} W[o][c][ky][kx] * X[c][oy*s - p + ky][ox*s - p + kx]
 * </pre>
 * (X is 0 outside the image), output side {@code floor((H + 2p - k) / s) + 1}.
 *
 * <p>Parameters: {@code W} as an {@code outChannels x (inChannels*k*k)} row-major block (index
 * order {@code [o][c][ky][kx]}, as in PyTorch and DL4J) at {@link #weightOffset()}, then the bias
 * ({@code outChannels} floats) at {@link #biasOffset()}.
 *
 * <p>Computed by im2col + GEMM (Chellapilla, Puri and Simard, "High performance convolutional
 * neural networks for document processing", 2006): a block of {@code B} examples is unfolded into
 * a {@code (B*P) x K} matrix {@code C} of patches ({@code P = Ho*Wo} positions, {@code K = c*k*k}),
 * then one {@link Blas#gemm} gives {@code T = C W^T} ({@code (B*P) x outChannels}), which is
 * transposed into NCHW rows. Backward with {@code G^T} the gradient in the same
 * {@code (B*P) x outChannels} layout: {@code dW = G^T' C}, {@code db = 1^T G^T},
 * {@code dC = G^T W}, and col2im adds {@code dC} back onto the input positions. Blocks hold at
 * most {@value #PATCH_BUDGET} patch floats; the patches of the last forward are reused by
 * backward when the batch fit in one block.
 */
public final class Conv2DLayer extends PlacedLayer {

    /** Floats of unfolded patches per block (16 MiB). */
    static final int PATCH_BUDGET = 1 << 22;

    private final int kernel;
    private final int stride;
    private final int padding;
    private final int weightOffset;
    private final WeightInit init;
    private final Blas blas;
    private final int patchSize;
    private final int positions;
    private final int blockRows;
    private float[] patches = new float[0];
    private float[] transposed = new float[0];
    private float[] normScratch;
    private Object patchesOf;
    private int patchesOffset = -1;
    private int patchesRows = -1;

    Conv2DLayer(int index, Shape inputShape, int outChannels, int kernel, int stride, int padding, int weightOffset,
                WeightInit init, Blas blas) {
        this(index, inputShape, outChannels, kernel, stride, padding, weightOffset, init, blas, PATCH_BUDGET);
    }

    /** With another patch budget: tests use a tiny one to exercise the multi-block path. */
    Conv2DLayer(int index, Shape inputShape, int outChannels, int kernel, int stride, int padding, int weightOffset,
                WeightInit init, Blas blas, int patchBudget) {
        super(index, inputShape, outputShape(inputShape, outChannels, kernel, stride, padding), weightOffset);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weightOffset = weightOffset;
        this.init = init;
        this.blas = blas;
        this.patchSize = inputShape.channels() * kernel * kernel;
        this.positions = outputShape().height() * outputShape().width();
        this.blockRows = Math.max(1, patchBudget / (positions * patchSize));
    }

    /** {@code outChannels x Ho x Wo}, {@code Ho = floor((H + 2p - k) / s) + 1}, after checking the filter fits. */
    private static Shape outputShape(Shape inputShape, int outChannels, int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || outChannels < 1) {
            throw new IllegalArgumentException("convolution needs outChannels, kernel and stride >= 1 and padding >= 0, got "
                    + outChannels + ", " + kernel + ", " + stride + ", " + padding);
        }
        int ho = Math.floorDiv(inputShape.height() + 2 * padding - kernel, stride) + 1;
        int wo = Math.floorDiv(inputShape.width() + 2 * padding - kernel, stride) + 1;
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException("convolution " + outChannels + "@" + kernel + "x" + kernel + " (padding "
                    + padding + ") does not fit input " + inputShape.dimensions());
        }
        return new Shape(outChannels, ho, wo);
    }

    /** Number of filters (output channels). */
    public int outChannels() {
        return outputShape().channels();
    }

    /** Filter side {@code k}. */
    public int kernel() {
        return kernel;
    }

    /** Step between filter positions, in input pixels. */
    public int stride() {
        return stride;
    }

    /** Zeros added on each side of the input. */
    public int padding() {
        return padding;
    }

    /** Index of {@code W[0][0][0][0]} in the flat parameter array. */
    public int weightOffset() {
        return weightOffset;
    }

    /** Index of {@code b[0]}: {@code weightOffset() + outChannels * inChannels * k * k}. */
    public int biasOffset() {
        return weightOffset + outChannels() * patchSize;
    }

    @Override
    public int parameterCount() {
        return outChannels() * patchSize + outChannels();
    }

    /** The filters as an {@code outChannels x (inChannels*k*k)} view of {@code params} (or of a gradient). */
    public FloatMatrix weights(float[] params) {
        return FloatMatrix.wrap(params, weightOffset, outChannels(), patchSize);
    }

    /** How the weights are initialised (fan-in {@code c*k*k}, fan-out {@code outChannels*k*k}); bias 0. */
    public WeightInit init() {
        return init;
    }

    @Override
    public void initialize(float[] params, SplittableRandom random) {
        init.fill(params, weightOffset, outChannels() * patchSize, patchSize, outChannels() * kernel * kernel, random);
        Arrays.fill(params, biasOffset(), biasOffset() + outChannels(), 0f);
    }

    private void ensureBuffers(int rows) {
        int b = Math.min(rows, blockRows);
        if (patches.length < b * positions * patchSize) {
            patches = new float[b * positions * patchSize];
        }
        if (transposed.length < b * positions * outChannels()) {
            transposed = new float[b * positions * outChannels()];
        }
    }

    @Override
    public void forward(FloatMatrix in, FloatMatrix out, float[] params, boolean training) {
        int n = in.nrow();
        ensureBuffers(n);
        int co = outChannels();
        int outSize = outputShape().size();
        float[] y = out.data();
        int bias = biasOffset();
        patchesOf = null;
        for (int s = 0; s < n; s += blockRows) {
            int b = Math.min(blockRows, n - s);
            im2col(in, s, b);
            FloatMatrix cols = FloatMatrix.wrap(patches, 0, b * positions, patchSize);
            FloatMatrix t = FloatMatrix.wrap(transposed, 0, b * positions, co);
            blas.gemm(false, true, 1f, cols, weights(params), 0f, t);
            for (int e = 0; e < b; e++) {
                int yRow = out.offset() + (s + e) * outSize;
                int tRow = e * positions * co;
                for (int o = 0; o < co; o++) {
                    float bo = params[bias + o];
                    int yo = yRow + o * positions;
                    for (int p = 0; p < positions; p++) {
                        y[yo + p] = transposed[tRow + p * co + o] + bo;
                    }
                }
            }
        }
        boolean oneBlock = n <= blockRows;
        patchesOf = oneBlock ? in.data() : null;
        patchesOffset = oneBlock ? in.offset() : -1;
        patchesRows = oneBlock ? n : -1;
    }

    /**
     * The patches of rows {@code [s, s + b)} of {@code in} for backward: those of the last forward
     * if it covered the same rows in one block and nothing overwrote them since, else unfolded anew.
     */
    private FloatMatrix unfold(FloatMatrix in, int s, int b) {
        FloatMatrix cols = FloatMatrix.wrap(patches, 0, b * positions, patchSize);
        if (s == 0 && patchesOf == in.data() && patchesOffset == in.offset() && patchesRows == in.nrow()) {
            return cols;
        }
        patchesOf = null;
        im2col(in, s, b);
        return cols;
    }

    private void im2col(FloatMatrix in, int s, int b) {
        int c = inputShape().channels();
        int h = inputShape().height();
        int w = inputShape().width();
        int ho = outputShape().height();
        int wo = outputShape().width();
        int inSize = inputShape().size();
        float[] x = in.data();
        int r = 0;
        for (int e = 0; e < b; e++) {
            int xRow = in.offset() + (s + e) * inSize;
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    int x0 = ox * stride - padding;
                    for (int ch = 0; ch < c; ch++) {
                        for (int ky = 0; ky < kernel; ky++) {
                            int iy = oy * stride - padding + ky;
                            if (iy < 0 || iy >= h) {
                                Arrays.fill(patches, r, r + kernel, 0f);
                            } else {
                                int src = xRow + (ch * h + iy) * w;
                                for (int kx = 0; kx < kernel; kx++) {
                                    int ix = x0 + kx;
                                    patches[r + kx] = ix >= 0 && ix < w ? x[src + ix] : 0f;
                                }
                            }
                            r += kernel;
                        }
                    }
                }
            }
        }
    }

    /** {@code dX[rows s..s+b) = col2im(patch gradients in the patch buffer)}, overwriting. */
    private void col2im(FloatMatrix inGrad, int s, int b) {
        int c = inputShape().channels();
        int h = inputShape().height();
        int w = inputShape().width();
        int ho = outputShape().height();
        int wo = outputShape().width();
        int inSize = inputShape().size();
        float[] d = inGrad.data();
        int start = inGrad.offset() + s * inSize;
        Arrays.fill(d, start, start + b * inSize, 0f);
        int r = 0;
        for (int e = 0; e < b; e++) {
            int dRow = start + e * inSize;
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    int x0 = ox * stride - padding;
                    for (int ch = 0; ch < c; ch++) {
                        for (int ky = 0; ky < kernel; ky++) {
                            int iy = oy * stride - padding + ky;
                            if (iy >= 0 && iy < h) {
                                int dst = dRow + (ch * h + iy) * w;
                                for (int kx = 0; kx < kernel; kx++) {
                                    int ix = x0 + kx;
                                    if (ix >= 0 && ix < w) {
                                        d[dst + ix] += patches[r + kx];
                                    }
                                }
                            }
                            r += kernel;
                        }
                    }
                }
            }
        }
    }

    /** Copies rows {@code [s, s + b)} of the NCHW gradient into the {@code (b*P) x outChannels} buffer. */
    private FloatMatrix transposeGradient(FloatMatrix outGrad, int s, int b) {
        int co = outChannels();
        int outSize = outputShape().size();
        float[] g = outGrad.data();
        for (int e = 0; e < b; e++) {
            int gRow = outGrad.offset() + (s + e) * outSize;
            int tRow = e * positions * co;
            for (int o = 0; o < co; o++) {
                int go = gRow + o * positions;
                for (int p = 0; p < positions; p++) {
                    transposed[tRow + p * co + o] = g[go + p];
                }
            }
        }
        return FloatMatrix.wrap(transposed, 0, b * positions, co);
    }

    @Override
    public void backward(FloatMatrix in, FloatMatrix out, FloatMatrix outGrad, FloatMatrix inGrad, float[] params,
                         float[] grad, boolean accumulate) {
        int n = in.nrow();
        ensureBuffers(n);
        for (int s = 0; s < n; s += blockRows) {
            int b = Math.min(blockRows, n - s);
            FloatMatrix gt = transposeGradient(outGrad, s, b);
            boolean add = accumulate || s > 0;
            if (grad != null) {
                FloatMatrix cols = unfold(in, s, b);
                blas.gemm(true, false, 1f, gt, cols, add ? 1f : 0f, weights(grad));
                DenseLayer.addColumnSums(gt, grad, biasOffset(), add);
            }
            if (inGrad != null) {
                patchesOf = null; // the patch buffer now receives the patch gradients
                blas.gemm(false, false, 1f, gt, weights(params), 0f,
                        FloatMatrix.wrap(patches, 0, b * positions, patchSize));
                col2im(inGrad, s, b);
            }
        }
    }

    @Override
    public void addExampleGradientNormsSquared(FloatMatrix in, FloatMatrix outGrad, float[] normsSquared, int offset) {
        int n = in.nrow();
        ensureBuffers(n);
        int co = outChannels();
        if (normScratch == null) {
            normScratch = new float[co * patchSize];
        }
        FloatMatrix dw = FloatMatrix.wrap(normScratch, 0, co, patchSize);
        for (int s = 0; s < n; s += blockRows) {
            int b = Math.min(blockRows, n - s);
            unfold(in, s, b);
            transposeGradient(outGrad, s, b);
            for (int e = 0; e < b; e++) {
                FloatMatrix ge = FloatMatrix.wrap(transposed, e * positions * co, positions, co);
                FloatMatrix ce = FloatMatrix.wrap(patches, e * positions * patchSize, positions, patchSize);
                blas.gemm(true, false, 1f, ge, ce, 0f, dw);
                double sq = DenseLayer.sumOfSquares(normScratch, 0, normScratch.length);
                for (int o = 0; o < co; o++) {
                    double db = 0;
                    for (int p = 0; p < positions; p++) {
                        db += transposed[e * positions * co + p * co + o];
                    }
                    sq += db * db;
                }
                normsSquared[offset + s + e] += (float) sq;
            }
        }
    }

    @Override
    public String toString() {
        return "conv " + outChannels() + "@" + kernel + "x" + kernel + "/" + stride + " pad " + padding + " "
                + inputShape() + "->" + outputShape() + " @" + weightOffset;
    }
}
