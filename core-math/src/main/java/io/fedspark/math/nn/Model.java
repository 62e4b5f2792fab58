package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.Blas;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A feed-forward network ({@link ModelSpec}: logistic regression, MLP, LeNet-5, small CNN) whose
 * parameters live in one contiguous {@code float[]}; its {@link Layer}s are views (offsets) into
 * it, laid out from the input side, each parametric layer as its weights then its bias. For an
 * MLP that is {@code W0, b0, W1, b1, ...} with each {@code W} an {@code in x out} row-major block
 * ({@link DenseLayer}); convolutions store {@code W} as {@code out x (in*k*k)} ({@link Conv2DLayer}).
 *
 * <p>Training primitives: the weighted mean loss {@code L = sum_i w_i l_i / sum_i w_i} over a
 * batch, with {@code l_i} the per-example {@link Loss} (softmax cross-entropy on labels, or MSE on
 * float targets), its gradient {@code dL/dtheta} by backpropagation, and optionally
 * {@code dL/dx}; one pass also returns the per-example losses and predictions
 * ({@link BatchResult}). For distillation and other custom objectives, {@link #forward},
 * {@link #features} and {@link #backpropagate} give the outputs and the vector-Jacobian product
 * for any {@code dL/d(output)}.
 *
 * <p>Initialisation: He normal before ReLU, Glorot uniform otherwise, biases 0; the weights of the
 * l-th dense (conv) layer are drawn from {@code SeedSequence.root(seed).derive("model-init/dense", l)}
 * ({@code "model-init/conv2d"}), so they depend only on the seed, the spec and the layer.
 *
 * <p>Modes: gradient computations ({@code lossAndGradient}, {@code backpropagate}) run in
 * training mode, where dropout is active; everything else ({@code loss}, {@code evaluate},
 * {@code predict}, {@code forward}, {@code features}, {@code exampleGradientNorms}) in inference
 * mode. Dropout masks are reproducible: the k-th training-mode call after
 * {@link #setTrainingSeed(long) setTrainingSeed(s)} draws the mask of layer j from
 * {@code SeedSequence.root(s).derive("dropout", k, j)}.
 *
 * <p>Not thread-safe: a model owns reusable activation buffers, and computing mutates them. Use
 * one model per thread (e.g. per Spark task), or {@link #copy()}. Batches are processed in chunks
 * of at most {@value #CHUNK_ROWS} rows (fewer for CNNs, to bound memory), so full-batch evaluation
 * is fine. Same inputs, parameters, seed, backend and thread count give bit-identical results.
 */
public final class Model {

    /** The largest number of rows processed per forward/backward chunk. */
    static final int CHUNK_ROWS = 1024;

    private final ModelSpec spec;
    private final float[] params;
    private final Blas blas;
    private final Network network;
    private final List<DropoutLayer> dropouts = new ArrayList<>();
    private SeedSequence trainingSeed;
    private long trainingCalls;

    private Model(ModelSpec spec, float[] params, Blas blas) {
        this.spec = spec;
        this.params = params;
        this.blas = Objects.requireNonNull(blas, "blas");
        this.network = new Network(Architecture.layers(spec, blas));
        for (Layer layer : network.layers()) {
            if (layer instanceof DropoutLayer d) {
                dropouts.add(d);
            }
        }
    }

    /** A freshly initialised model computing with {@link MathRuntime#blas()}. */
    public static Model create(ModelSpec spec, long seed) {
        return create(spec, seed, MathRuntime.blas());
    }

    /**
     * A freshly initialised model computing with the given backend (tests compare backends). Its
     * dropout masks start as after {@code setTrainingSeed(SeedSequence.root(seed).derive("model-train").seed())}.
     */
    public static Model create(ModelSpec spec, long seed, Blas blas) {
        Objects.requireNonNull(spec, "spec");
        Model model = new Model(spec, new float[spec.parameterCount()], blas);
        SeedSequence init = SeedSequence.root(seed);
        int dense = 0;
        int conv = 0;
        for (Layer layer : model.layers()) {
            if (layer instanceof DenseLayer) {
                layer.initialize(model.params, init.derive("model-init/dense", dense++).random());
            } else if (layer instanceof Conv2DLayer) {
                layer.initialize(model.params, init.derive("model-init/conv2d", conv++).random());
            }
        }
        model.setTrainingSeed(init.derive("model-train").seed());
        return model;
    }

    /**
     * A model with the given parameters (copied), e.g. broadcast global parameters on an executor;
     * computes with {@link MathRuntime#blas()}. Skips the random initialisation. A model with
     * dropout needs {@link #setTrainingSeed(long)} before its first gradient computation.
     */
    public static Model fromParameters(ModelSpec spec, float[] parameters) {
        return fromParameters(spec, parameters, MathRuntime.blas());
    }

    /** A model with the given parameters (copied), computing with the given backend. */
    public static Model fromParameters(ModelSpec spec, float[] parameters, Blas blas) {
        Objects.requireNonNull(spec, "spec");
        Model model = new Model(spec, new float[spec.parameterCount()], blas);
        model.setParameters(parameters);
        return model;
    }

    /**
     * An independent model with a copy of these parameters, the same spec, backend and training
     * seed state (so it would draw the same dropout masks: give it its own seed if it trains apart).
     */
    public Model copy() {
        Model m = new Model(spec, params.clone(), blas);
        m.trainingSeed = trainingSeed;
        m.trainingCalls = trainingCalls;
        return m;
    }

    public ModelSpec spec() {
        return spec;
    }

    public int inputSize() {
        return spec.inputSize();
    }

    public int outputSize() {
        return spec.outputSize();
    }

    /** Width of {@link #features}: the input size of the last dense layer. */
    public int featureSize() {
        List<Layer> layers = network.layers();
        return layers.get(layers.size() - 1).inputShape().size();
    }

    public int parameterCount() {
        return params.length;
    }

    /** The layers from the input side, with their shapes and where each lives in {@link #parameters()}. */
    public List<Layer> layers() {
        return network.layers();
    }

    /** The backend this model computes with. */
    public Blas blas() {
        return blas;
    }

    /**
     * The live flat parameter array (not a copy): optimizers update it in place, and writes to it
     * change the model.
     */
    public float[] parameters() {
        return params;
    }

    /** Copies {@code values} into the parameters; the length must be {@link #parameterCount()}. */
    public void setParameters(float[] values) {
        Objects.requireNonNull(values, "values");
        if (values.length != params.length) {
            throw new IllegalArgumentException("setParameters: got " + values.length + " floats but model " + spec
                    + " has " + params.length + " parameters");
        }
        System.arraycopy(values, 0, params, 0, params.length);
    }

    /**
     * Sets the seed of the dropout masks and restarts the call count: the k-th training-mode call
     * from now on draws layer j's mask from {@code SeedSequence.root(seed).derive("dropout", k, j)}.
     * Pass a seed derived from (run seed, round, client) or (run seed, epoch) so that masks differ
     * between clients and runs but repeat exactly for the same seed.
     */
    public void setTrainingSeed(long seed) {
        this.trainingSeed = SeedSequence.root(seed);
        this.trainingCalls = 0;
    }

    private void beginTrainingPass(String op) {
        if (dropouts.isEmpty()) {
            return;
        }
        if (trainingSeed == null) {
            throw new IllegalStateException(op + ": model " + spec + " has dropout but no training seed;"
                    + " call setTrainingSeed(seed) first (models from fromParameters start without one)");
        }
        long call = trainingCalls++;
        for (DropoutLayer d : dropouts) {
            d.beginTrainingPass(trainingSeed.derive("dropout", call, d.index()).random());
        }
    }

    /**
     * Weighted mean cross-entropy and its gradient on one batch, in one forward and one backward
     * pass (training mode).
     *
     * @param x batch, one example per row ({@code n x inputSize}, images NCHW)
     * @param labels class of each row, in {@code [0, outputSize)}
     * @param exampleWeights non-negative weight per row with a positive sum, or null for all 1
     * @param gradOut receives {@code dL/dparams} ({@link #parameterCount()} floats, overwritten),
     *                laid out like {@link #parameters()}
     */
    public BatchResult lossAndGradient(FloatMatrix x, int[] labels, float[] exampleWeights, float[] gradOut) {
        return lossAndGradient(x, labels, exampleWeights, gradOut, null);
    }

    /**
     * As {@link #lossAndGradient(FloatMatrix, int[], float[], float[])}, and if
     * {@code inputGradOut} is not null also writes {@code dL/dx} into it (same shape as {@code x};
     * for saliency, adversarial examples and distillation).
     */
    public BatchResult lossAndGradient(FloatMatrix x, int[] labels, float[] exampleWeights, float[] gradOut,
                                       FloatMatrix inputGradOut) {
        String op = "lossAndGradient";
        Objects.requireNonNull(gradOut, "gradOut");
        BatchArguments.loss(op, spec, Loss.SOFTMAX_CROSS_ENTROPY);
        return run(op, x, labels, null, exampleWeights, gradOut, inputGradOut);
    }

    /**
     * Weighted mean squared error against float targets and its gradient, for a model with
     * {@code loss=mse} (training mode); the result's predictions are the argmax of each output
     * row and its {@code correct} is 0.
     *
     * @param targets {@code n x outputSize}
     * @param inputGradOut receives {@code dL/dx}, or null
     */
    public BatchResult lossAndGradient(FloatMatrix x, FloatMatrix targets, float[] exampleWeights, float[] gradOut,
                                       FloatMatrix inputGradOut) {
        String op = "lossAndGradient";
        Objects.requireNonNull(gradOut, "gradOut");
        BatchArguments.loss(op, spec, Loss.MEAN_SQUARED_ERROR);
        return run(op, x, null, targets, exampleWeights, gradOut, inputGradOut);
    }

    /** As {@link #lossAndGradient(FloatMatrix, FloatMatrix, float[], float[], FloatMatrix)} without {@code dL/dx}. */
    public BatchResult lossAndGradient(FloatMatrix x, FloatMatrix targets, float[] exampleWeights, float[] gradOut) {
        return lossAndGradient(x, targets, exampleWeights, gradOut, null);
    }

    /** Weighted mean loss, per-example losses and predictions, without gradients (e.g. for curriculum scoring). */
    public BatchResult loss(FloatMatrix x, int[] labels, float[] exampleWeights) {
        BatchArguments.loss("loss", spec, Loss.SOFTMAX_CROSS_ENTROPY);
        return run("loss", x, labels, null, exampleWeights, null, null);
    }

    /** Weighted mean squared error and per-example losses against float targets, without gradients. */
    public BatchResult loss(FloatMatrix x, FloatMatrix targets, float[] exampleWeights) {
        BatchArguments.loss("loss", spec, Loss.MEAN_SQUARED_ERROR);
        return run("loss", x, null, targets, exampleWeights, null, null);
    }

    /** Unweighted mean cross-entropy and accuracy on a labelled set of any size. */
    public EvalResult evaluate(FloatMatrix x, int[] labels) {
        BatchArguments.loss("evaluate", spec, Loss.SOFTMAX_CROSS_ENTROPY);
        BatchResult r = run("evaluate", x, labels, null, null, null, null);
        return new EvalResult(r.loss(), r.accuracy(), r.correct(), r.size());
    }

    /** Predicted class (argmax of the output, lowest index on ties) for each row of {@code x}. */
    public int[] predict(FloatMatrix x) {
        FloatMatrix out = forward(x);
        int[] predictions = new int[x.nrow()];
        float[] d = out.data();
        int k = out.ncol();
        for (int i = 0; i < predictions.length; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (d[i * k + j] > d[i * k + best]) {
                    best = j;
                }
            }
            predictions[i] = best;
        }
        return predictions;
    }

    /** The network's output for each row (logits, or the regression output), inference mode: {@code n x outputSize}, new. */
    public FloatMatrix forward(FloatMatrix x) {
        return collect("forward", x, network.layers().size());
    }

    /**
     * The penultimate representation: the input of the last dense layer for each row, inference
     * mode ({@code n x featureSize()}, new). For an MLP the last hidden activation (after dropout,
     * which is off), for the CNNs the 84-wide layer, for logreg the input itself.
     */
    public FloatMatrix features(FloatMatrix x) {
        return collect("features", x, network.layers().size() - 1);
    }

    private FloatMatrix collect(String op, FloatMatrix x, int upTo) {
        BatchArguments.input(op, x, spec);
        int n = x.nrow();
        int width = upTo == 0 ? inputSize() : network.layers().get(upTo - 1).outputShape().size();
        FloatMatrix result = new FloatMatrix(n, width);
        for (int start = 0; start < n; start += network.chunkRows()) {
            int rows = Math.min(network.chunkRows(), n - start);
            FloatMatrix out = network.forward(x.rows(start, rows), params, upTo, false);
            System.arraycopy(out.data(), out.offset(), result.data(), start * width, rows * width);
        }
        return result;
    }

    /**
     * The vector-Jacobian product for any objective of the output: given {@code G = dL/d(output)}
     * ({@code n x outputSize}), writes {@code dL/dtheta} into {@code gradOut} and {@code dL/dx} into
     * {@code inputGradOut} (either may be null). Training mode, like {@code lossAndGradient}.
     */
    public void backpropagate(FloatMatrix x, FloatMatrix outputGrad, float[] gradOut, FloatMatrix inputGradOut) {
        backpropagateFrom("backpropagate", x, network.layers().size(), outputGrad, gradOut, inputGradOut);
    }

    /**
     * As {@link #backpropagate} for {@code G = dL/d(features)} ({@code n x featureSize()}): the
     * network below the last dense layer is the encoder (KRR-ST backpropagates its kernel loss
     * through it). The last layer's range of {@code gradOut} is set to 0.
     */
    public void backpropagateFeatures(FloatMatrix x, FloatMatrix featureGrad, float[] gradOut, FloatMatrix inputGradOut) {
        backpropagateFrom("backpropagateFeatures", x, network.layers().size() - 1, featureGrad, gradOut, inputGradOut);
    }

    private void backpropagateFrom(String op, FloatMatrix x, int upTo, FloatMatrix topGrad, float[] gradOut,
                                   FloatMatrix inputGradOut) {
        BatchArguments.input(op, x, spec);
        BatchArguments.gradient(op, gradOut, params, spec);
        int width = upTo == 0 ? inputSize() : network.layers().get(upTo - 1).outputShape().size();
        Objects.requireNonNull(topGrad, op + ": gradient");
        BatchArguments.sameShape(op, "the output gradient", topGrad, x.nrow(), width);
        BatchArguments.sameShape(op, "inputGradOut", inputGradOut, x.nrow(), x.ncol());
        beginTrainingPass(op);
        if (gradOut != null) {
            Arrays.fill(gradOut, 0f);
        }
        int n = x.nrow();
        for (int start = 0; start < n; start += network.chunkRows()) {
            int rows = Math.min(network.chunkRows(), n - start);
            FloatMatrix xc = x.rows(start, rows);
            FloatMatrix g = topGrad.rows(start, rows);
            FloatMatrix ig = inputGradOut == null ? null : inputGradOut.rows(start, rows);
            if (upTo == 0) {
                if (ig != null) {
                    System.arraycopy(g.data(), g.offset(), ig.data(), ig.offset(), g.size());
                }
                continue;
            }
            network.forward(xc, params, upTo, true);
            network.backward(xc, upTo, g, params, gradOut, true, ig, null, 0);
        }
    }

    /**
     * The norm of each example's own loss gradient, {@code ||dl_i/dtheta||_2} (unweighted, not
     * divided by the batch size), over all layers, in one forward and backward pass in inference
     * mode. Dense layers use {@code (||x_i||^2 + 1) ||g_i||^2}; convolutions one small GEMM per
     * example. Used for gradient-norm scores and per-example clipping.
     */
    public float[] exampleGradientNorms(FloatMatrix x, int[] labels) {
        BatchArguments.loss("exampleGradientNorms", spec, Loss.SOFTMAX_CROSS_ENTROPY);
        return norms(x, labels, null);
    }

    /** As {@link #exampleGradientNorms(FloatMatrix, int[])} for a {@code loss=mse} model. */
    public float[] exampleGradientNorms(FloatMatrix x, FloatMatrix targets) {
        BatchArguments.loss("exampleGradientNorms", spec, Loss.MEAN_SQUARED_ERROR);
        return norms(x, null, targets);
    }

    private float[] norms(FloatMatrix x, int[] labels, FloatMatrix targets) {
        String op = "exampleGradientNorms";
        BatchArguments.input(op, x, spec);
        int n = x.nrow();
        if (labels != null) {
            BatchArguments.labelsAndWeights(op, n, labels, null, spec);
        } else {
            BatchArguments.targetsAndWeights(op, x, targets, null, spec);
        }
        float[] sq = new float[n];
        float[] losses = new float[n];
        int[] predictions = new int[n];
        int top = network.layers().size();
        for (int start = 0; start < n; start += network.chunkRows()) {
            int rows = Math.min(network.chunkRows(), n - start);
            FloatMatrix xc = x.rows(start, rows);
            FloatMatrix out = network.forward(xc, params, top, false);
            FloatMatrix g = network.topGradient(top, rows);
            // weightSum 1 and unit weights: row i of g is dl_i/d(output), unscaled
            if (labels != null) {
                SoftmaxCrossEntropy.apply(out, labels, null, start, 1.0, g, losses, predictions, new int[1]);
            } else {
                MeanSquaredError.apply(out, targets.rows(start, rows), null, start, 1.0, g, losses, predictions);
            }
            network.backward(xc, top, g, params, null, false, null, sq, start);
        }
        for (int i = 0; i < n; i++) {
            sq[i] = (float) Math.sqrt(sq[i]);
        }
        return sq;
    }

    private BatchResult run(String op, FloatMatrix x, int[] labels, FloatMatrix targets, float[] weights,
                            float[] gradOut, FloatMatrix inputGradOut) {
        BatchArguments.input(op, x, spec);
        BatchArguments.gradient(op, gradOut, params, spec);
        BatchArguments.sameShape(op, "inputGradOut", inputGradOut, x.nrow(), x.ncol());
        int n = x.nrow();
        double weightSum = labels != null || targets == null
                ? BatchArguments.labelsAndWeights(op, n, labels, weights, spec)
                : BatchArguments.targetsAndWeights(op, x, targets, weights, spec);
        boolean training = gradOut != null;
        if (training) {
            beginTrainingPass(op);
        }
        float[] losses = new float[n];
        int[] predictions = new int[n];
        int[] correct = new int[1];
        double weightedLoss = 0;
        int top = network.layers().size();
        for (int start = 0; start < n; start += network.chunkRows()) {
            int rows = Math.min(network.chunkRows(), n - start);
            FloatMatrix xc = x.rows(start, rows);
            FloatMatrix out = network.forward(xc, params, top, training);
            FloatMatrix g = training ? network.topGradient(top, rows) : null;
            if (targets == null) {
                weightedLoss += SoftmaxCrossEntropy.apply(out, labels, weights, start, weightSum, g, losses,
                        predictions, correct);
            } else {
                weightedLoss += MeanSquaredError.apply(out, targets.rows(start, rows), weights, start, weightSum, g,
                        losses, predictions);
            }
            if (training) {
                network.backward(xc, top, g, params, gradOut, start > 0,
                        inputGradOut == null ? null : inputGradOut.rows(start, rows), null, 0);
            }
        }
        return new BatchResult(weightedLoss / weightSum, weightSum, losses, predictions, correct[0]);
    }

    @Override
    public String toString() {
        return "Model " + spec + " (" + params.length + " parameters, " + blas.name() + ")";
    }
}
