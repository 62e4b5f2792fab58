package io.fedspark.math.nn;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.Blas;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A feed-forward softmax classifier ({@link ModelSpec}: logistic regression or a ReLU MLP) whose
 * parameters live in one contiguous {@code float[]}, laid out layer by layer as
 * {@code W0, b0, W1, b1, ...} ({@link DenseLayer}); layers are views into it.
 *
 * <p>Forward: {@code A_l = act_l(A_{l-1} W_l + b_l)} with {@code A_0 = X} (batch rows), ReLU on
 * hidden layers and identity on the last, followed by the fused softmax cross-entropy
 * ({@link SoftmaxCrossEntropy}). Backward (backpropagation, Rumelhart et al. 1986), with
 * {@code D_l = dL/dZ_l}: {@code dW_l = A_{l-1}^T D_l}, {@code db_l = 1^T D_l},
 * {@code D_{l-1} = (D_l W_l^T) .* [A_{l-1} > 0]}. Every matrix product is one {@link Blas#gemm}
 * call over the whole batch.
 *
 * <p>Initialisation: He normal for ReLU layers, Glorot uniform for the last (linear) layer,
 * biases 0; the weights of layer {@code l} are drawn from
 * {@code SeedSequence.root(seed).derive("model-init/dense", l)}, so they depend only on the seed,
 * the spec and the layer.
 *
 * <p>Not thread-safe: a model owns reusable activation buffers (a {@code Workspace}) and
 * computing with it mutates them. Use one model per thread (e.g. per Spark task), or {@link #copy()}.
 * Batches larger than {@value #CHUNK_ROWS} rows are processed in chunks of that size, so
 * memory stays bounded for full-batch evaluation.
 */
public final class Model {

    /** Rows processed per forward/backward chunk. */
    static final int CHUNK_ROWS = 1024;

    private final ModelSpec spec;
    private final float[] params;
    private final List<DenseLayer> layers;
    private final Blas blas;
    private final Workspace workspace;

    private Model(ModelSpec spec, float[] params, Blas blas) {
        this.spec = spec;
        this.params = params;
        this.blas = Objects.requireNonNull(blas, "blas");
        List<DenseLayer> ls = new ArrayList<>();
        int[] outWidths = new int[spec.layerCount()];
        int offset = 0;
        for (int l = 0; l < spec.layerCount(); l++) {
            int in = spec.widths().get(l);
            int out = spec.widths().get(l + 1);
            boolean last = l == spec.layerCount() - 1;
            ls.add(new DenseLayer(l, in, out, offset, offset + in * out,
                    last ? Activation.IDENTITY : Activation.RELU, last ? WeightInit.GLOROT_UNIFORM : WeightInit.HE_NORMAL));
            offset += in * out + out;
            outWidths[l] = out;
        }
        this.layers = Collections.unmodifiableList(ls);
        this.workspace = new Workspace(outWidths);
    }

    /** A freshly initialised model computing with {@link MathRuntime#blas()}. */
    public static Model create(ModelSpec spec, long seed) {
        return create(spec, seed, MathRuntime.blas());
    }

    /** A freshly initialised model computing with the given backend (tests compare backends). */
    public static Model create(ModelSpec spec, long seed, Blas blas) {
        Objects.requireNonNull(spec, "spec");
        Model model = new Model(spec, new float[spec.parameterCount()], blas);
        SeedSequence init = SeedSequence.root(seed);
        for (DenseLayer layer : model.layers) {
            layer.init().fill(model.params, layer.weightOffset(), layer.inputSize(), layer.outputSize(),
                    init.derive("model-init/dense", layer.index()).random());
        }
        return model;
    }

    /**
     * A model with the given parameters (copied), e.g. broadcast global parameters on an executor;
     * computes with {@link MathRuntime#blas()}. Skips the random initialisation.
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

    /** An independent model with a copy of these parameters, the same spec and backend. */
    public Model copy() {
        return new Model(spec, params.clone(), blas);
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

    public int parameterCount() {
        return params.length;
    }

    /** The dense layers from the input side: where each lives in {@link #parameters()}. */
    public List<DenseLayer> layers() {
        return layers;
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
        Objects.requireNonNull(values, "parameters");
        if (values.length != params.length) {
            throw new IllegalArgumentException("setParameters: got " + values.length + " floats but model " + spec
                    + " has " + params.length + " parameters");
        }
        System.arraycopy(values, 0, params, 0, params.length);
    }

    /**
     * Weighted mean cross-entropy of the batch and its gradient with respect to all parameters.
     *
     * @param x batch, one example per row ({@code n x inputSize})
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
        Objects.requireNonNull(gradOut, "gradOut");
        if (gradOut.length != params.length) {
            throw new IllegalArgumentException("lossAndGradient: gradOut has " + gradOut.length + " floats but model "
                    + spec + " has " + params.length + " parameters");
        }
        if (gradOut == params) {
            throw new IllegalArgumentException("lossAndGradient: gradOut is the parameter array itself");
        }
        if (inputGradOut != null && (inputGradOut.nrow() != x.nrow() || inputGradOut.ncol() != x.ncol())) {
            throw new IllegalArgumentException("lossAndGradient: x is " + x.shape() + " but inputGradOut is "
                    + inputGradOut.shape());
        }
        return run("lossAndGradient", x, labels, exampleWeights, gradOut, inputGradOut);
    }

    /** Weighted mean loss, per-example losses and predictions, without gradients (e.g. for curriculum scoring). */
    public BatchResult loss(FloatMatrix x, int[] labels, float[] exampleWeights) {
        return run("loss", x, labels, exampleWeights, null, null);
    }

    /** Unweighted mean loss and accuracy on a labelled set of any size. */
    public EvalResult evaluate(FloatMatrix x, int[] labels) {
        BatchResult r = run("evaluate", x, labels, null, null, null);
        return new EvalResult(r.loss(), r.accuracy(), r.correct(), r.size());
    }

    /** Predicted class (argmax of the logits, lowest index on ties) for each row of {@code x}. */
    public int[] predict(FloatMatrix x) {
        checkInput("predict", x);
        int n = x.nrow();
        int[] predictions = new int[n];
        for (int start = 0; start < n; start += CHUNK_ROWS) {
            int rows = Math.min(CHUNK_ROWS, n - start);
            FloatMatrix logits = forward(x.rows(start, rows));
            for (int i = 0; i < rows; i++) {
                predictions[start + i] = argmax(logits, i);
            }
        }
        return predictions;
    }

    private static int argmax(FloatMatrix m, int row) {
        float[] d = m.data();
        int base = m.offset() + row * m.ncol();
        int best = 0;
        for (int j = 1; j < m.ncol(); j++) {
            if (d[base + j] > d[base + best]) {
                best = j;
            }
        }
        return best;
    }

    private BatchResult run(String op, FloatMatrix x, int[] labels, float[] weights, float[] gradOut, FloatMatrix inputGradOut) {
        checkInput(op, x);
        int n = x.nrow();
        double weightSum = checkLabelsAndWeights(op, n, labels, weights);
        float[] losses = new float[n];
        int[] predictions = new int[n];
        int[] correct = new int[1];
        double weightedLoss = 0;
        for (int start = 0; start < n; start += CHUNK_ROWS) {
            int rows = Math.min(CHUNK_ROWS, n - start);
            FloatMatrix xc = x.rows(start, rows);
            FloatMatrix logits = forward(xc);
            weightedLoss += SoftmaxCrossEntropy.apply(logits, labels, weights, start, weightSum, gradOut != null,
                    losses, predictions, correct);
            if (gradOut != null) {
                backward(xc, logits, gradOut, start == 0, inputGradOut == null ? null : inputGradOut.rows(start, rows));
            }
        }
        return new BatchResult(weightedLoss / weightSum, weightSum, losses, predictions, correct[0]);
    }

    /** Runs the layers on {@code x}; returns the logits (a workspace view, valid until the next call). */
    private FloatMatrix forward(FloatMatrix x) {
        int rows = x.nrow();
        workspace.ensure(rows);
        FloatMatrix input = x;
        for (DenseLayer layer : layers) {
            FloatMatrix out = workspace.activation(layer.index(), rows);
            blas.gemm(false, false, 1f, input, layer.weights(params), 0f, out);
            addBiasAndActivate(out, layer);
            input = out;
        }
        return input;
    }

    private void addBiasAndActivate(FloatMatrix z, DenseLayer layer) {
        float[] d = z.data();
        int k = z.ncol();
        int b = layer.biasOffset();
        boolean relu = layer.activation() == Activation.RELU;
        for (int i = 0; i < z.nrow(); i++) {
            int row = z.offset() + i * k;
            if (relu) {
                for (int j = 0; j < k; j++) {
                    d[row + j] = Math.max(d[row + j] + params[b + j], 0f);
                }
            } else {
                for (int j = 0; j < k; j++) {
                    d[row + j] += params[b + j];
                }
            }
        }
    }

    /**
     * Backpropagates {@code delta} = dL/dlogits (in the workspace) for one chunk, writing
     * ({@code first}) or accumulating into {@code grad}.
     */
    private void backward(FloatMatrix x, FloatMatrix delta, float[] grad, boolean first, FloatMatrix inputGrad) {
        int rows = x.nrow();
        FloatMatrix d = delta;
        for (int l = layers.size() - 1; l >= 0; l--) {
            DenseLayer layer = layers.get(l);
            FloatMatrix input = l == 0 ? x : workspace.activation(l - 1, rows);
            blas.gemm(true, false, 1f, input, d, first ? 0f : 1f, layer.weights(grad));
            columnSums(d, grad, layer.biasOffset(), first);
            if (l > 0) {
                FloatMatrix prev = workspace.delta(l - 1, rows);
                blas.gemm(false, true, 1f, d, layer.weights(params), 0f, prev);
                reluMask(prev, input);
                d = prev;
            } else if (inputGrad != null) {
                blas.gemm(false, true, 1f, d, layer.weights(params), 0f, inputGrad);
            }
        }
    }

    private static void columnSums(FloatMatrix m, float[] out, int off, boolean overwrite) {
        int k = m.ncol();
        if (overwrite) {
            java.util.Arrays.fill(out, off, off + k, 0f);
        }
        float[] d = m.data();
        for (int i = 0; i < m.nrow(); i++) {
            int row = m.offset() + i * k;
            for (int j = 0; j < k; j++) {
                out[off + j] += d[row + j];
            }
        }
    }

    /** {@code g = g .* [a > 0]}: the ReLU derivative, read from the layer's output. */
    private static void reluMask(FloatMatrix g, FloatMatrix a) {
        float[] gd = g.data();
        float[] ad = a.data();
        int n = g.size();
        for (int i = 0; i < n; i++) {
            if (!(ad[a.offset() + i] > 0f)) {
                gd[g.offset() + i] = 0f;
            }
        }
    }

    private void checkInput(String op, FloatMatrix x) {
        Objects.requireNonNull(x, op + ": x");
        if (x.ncol() != spec.inputSize()) {
            throw new IllegalArgumentException(op + ": x is " + x.shape() + " but model " + spec + " expects "
                    + spec.inputSize() + " inputs per row");
        }
        if (x.nrow() == 0) {
            throw new IllegalArgumentException(op + ": x has no rows; a mean over an empty batch is undefined");
        }
    }

    /** Validates labels and weights; returns the total weight. */
    private double checkLabelsAndWeights(String op, int n, int[] labels, float[] weights) {
        Objects.requireNonNull(labels, op + ": labels");
        if (labels.length != n) {
            throw new IllegalArgumentException(op + ": x has " + n + " rows but labels has " + labels.length + " entries");
        }
        int classes = spec.outputSize();
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(op + ": label " + labels[i] + " of example " + i + " is outside [0, "
                        + classes + ") for model " + spec);
            }
        }
        if (weights == null) {
            return n;
        }
        if (weights.length != n) {
            throw new IllegalArgumentException(op + ": x has " + n + " rows but exampleWeights has " + weights.length
                    + " entries");
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (!(weights[i] >= 0f) || Float.isInfinite(weights[i])) {
                throw new IllegalArgumentException(op + ": weight " + weights[i] + " of example " + i
                        + " is not a finite non-negative number");
            }
            sum += weights[i];
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException(op + ": the example weights sum to " + sum + "; expected a positive total");
        }
        return sum;
    }

    @Override
    public String toString() {
        return "Model " + spec + " (" + params.length + " parameters, " + blas.name() + ")";
    }
}
