package io.fedspark.math.nn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The architecture of a feed-forward model: a structured, validated record that is also
 * written as a short string, the form used in configuration files, provenance and model files
 * (a model is stored as {@code toString()} plus its flat parameters).
 *
 * <h2>Grammar</h2>
 * <pre>
 *   spec    = kind [":" body] {":" option}
 *   body    = logreg:    n "-" classes                 logreg:784-10
 *           | mlp:       n "-" h1 {"-" hi} "-" out     mlp:784-200-10, mlp:784-256-128-10
 *           | lenet5:    c "x" h "x" w "-" classes     lenet5:1x28x28-10     (body optional: 1x28x28-10)
 *           | cnn-small: c "x" h "x" w "-" classes     cnn-small:3x32x32-10  (body optional: 3x32x32-10)
 *   option  = "act=" (relu | tanh | sigmoid)   every hidden activation (after convolutions
 *                                               and hidden dense layers), default relu
 *           | "dropout=" p                      inverted dropout, 0 &lt;= p &lt; 1, after every hidden
 *                                               dense activation; default 0 (no dropout layer)
 *           | "loss=" (xent | mse)              default xent (softmax cross-entropy on labels);
 *                                               mse regresses the linear output onto float targets
 * </pre>
 * Sizes are positive decimal integers; kind, option names and option values are case-insensitive;
 * each option at most once, in any order; whitespace around parts is ignored. Examples: {@code mlp:784-200-10:act=tanh:dropout=0.5},
 * {@code mlp:784-128-32:loss=mse} (an encoder regressing 32-d representations; its 128-d
 * penultimate layer is {@link Model#features}), {@code cnn-small:1x28x28-10}.
 *
 * <p>{@link #toString()} gives the canonical string: the body always written out, options only
 * when not default, in the order act, dropout, loss. {@code parse(s.toString()).equals(s)} holds
 * for every spec, and {@code parse(t).toString()} equals {@code t} for every canonical {@code t}.
 *
 * <p>The layers each kind expands to are described in {@link ModelKind}; the convolutional kinds
 * have fixed dense widths {@value #CNN_FC1}-{@value #CNN_FC2}.
 *
 * @param kind the architecture family
 * @param inputShape shape of one input example (flat for logreg and mlp)
 * @param hiddenWidths widths of the hidden dense layers (empty for logreg; {@code [120, 84]} for
 *                     the convolutional kinds)
 * @param outputSize number of classes (cross-entropy, at least 2) or of regression outputs (mse)
 * @param activation the hidden nonlinearity
 * @param dropout dropout rate after hidden dense activations, in [0, 1)
 * @param loss the training objective
 */
public record ModelSpec(ModelKind kind, Shape inputShape, List<Integer> hiddenWidths, int outputSize,
                        Activation activation, float dropout, Loss loss) implements Serializable {

    /** First dense width of the convolutional kinds. */
    public static final int CNN_FC1 = 120;
    /** Second dense width of the convolutional kinds. */
    public static final int CNN_FC2 = 84;

    /** The dense widths of the convolutional kinds, {@code [CNN_FC1, CNN_FC2]}. */
    static final List<Integer> CNN_HIDDEN = List.of(CNN_FC1, CNN_FC2);

    public ModelSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(inputShape, "inputShape");
        hiddenWidths = List.copyOf(Objects.requireNonNull(hiddenWidths, "hiddenWidths"));
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(loss, "loss");
        dropout += 0f; // -0 becomes +0, so that equals() agrees with the string form
        String text = format(kind, inputShape, hiddenWidths, outputSize, activation, dropout, loss);
        String prefix = "model spec '" + text + "'";
        for (int w : hiddenWidths) {
            if (w < 1) {
                throw new IllegalArgumentException(prefix + ": width " + w + " is not a positive integer");
            }
        }
        if (outputSize < 1) {
            throw new IllegalArgumentException(prefix + ": width " + outputSize + " is not a positive integer");
        }
        switch (kind) {
            case LOGREG -> {
                if (!hiddenWidths.isEmpty()) {
                    throw new IllegalArgumentException(prefix + ": logreg takes exactly two widths, inputs-classes"
                            + " (e.g. logreg:784-10)");
                }
                if (activation != Activation.RELU || dropout != 0f) {
                    throw new IllegalArgumentException(prefix + ": logreg has no hidden layer, so act= and dropout="
                            + " do not apply");
                }
            }
            case MLP -> {
                if (hiddenWidths.isEmpty()) {
                    throw new IllegalArgumentException(prefix + ": mlp needs at least one hidden layer"
                            + " (e.g. mlp:784-200-10); without one use logreg");
                }
            }
            default -> {
                if (!hiddenWidths.equals(CNN_HIDDEN)) {
                    throw new IllegalArgumentException(prefix + ": " + kind.specName() + " has the fixed dense widths "
                            + CNN_FC1 + "-" + CNN_FC2 + ", got " + hiddenWidths);
                }
            }
        }
        if (!kind.convolutional() && !inputShape.isFlat()) {
            throw new IllegalArgumentException(prefix + ": " + kind.specName() + " takes a flat input size such as "
                    + inputShape.size() + ", not the shape " + inputShape);
        }
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY && outputSize < 2) {
            throw new IllegalArgumentException(prefix + ": the last width is the number of classes and must be at"
                    + " least 2");
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException(prefix + ": dropout " + dropout + " is not in [0, 1)");
        }
        try {
            Architecture.layers(kind, inputShape, hiddenWidths, outputSize, activation, dropout, null);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            throw new IllegalArgumentException(prefix + (m.startsWith("has ") ? " " : ": ") + m, e);
        }
    }

    /**
     * A logistic regression or MLP from its widths, input first and classes last, with the default
     * options: {@code ModelSpec.of(ModelKind.MLP, 784, 200, 10)}.
     */
    public static ModelSpec of(ModelKind kind, int... widths) {
        Objects.requireNonNull(kind, "kind");
        if (kind.convolutional()) {
            throw new IllegalArgumentException("ModelSpec.of takes logreg or mlp widths; for " + kind.specName()
                    + " use convolutional(kind, inputShape, classes)");
        }
        if (widths.length < 2) {
            throw new IllegalArgumentException("model spec '" + kind.specName() + ":" + Arrays.stream(widths)
                    .mapToObj(String::valueOf).collect(Collectors.joining("-")) + "': expected at least two widths");
        }
        List<Integer> hidden = new ArrayList<>();
        for (int i = 1; i + 1 < widths.length; i++) {
            hidden.add(widths[i]);
        }
        if (widths[0] < 1) {
            throw new IllegalArgumentException("model spec '" + kind.specName() + ":" + Arrays.stream(widths)
                    .mapToObj(String::valueOf).collect(Collectors.joining("-")) + "': width " + widths[0]
                    + " is not a positive integer");
        }
        return new ModelSpec(kind, Shape.flat(widths[0]), hidden, widths[widths.length - 1], Activation.RELU, 0f,
                Loss.SOFTMAX_CROSS_ENTROPY);
    }

    /** A LeNet-5 or small CNN for the given input and number of classes, with the default options. */
    public static ModelSpec convolutional(ModelKind kind, Shape inputShape, int classes) {
        Objects.requireNonNull(kind, "kind");
        if (!kind.convolutional()) {
            throw new IllegalArgumentException("ModelSpec.convolutional takes lenet5 or cnn-small, not "
                    + kind.specName() + "; use of(kind, widths...)");
        }
        return new ModelSpec(kind, inputShape, CNN_HIDDEN, classes, Activation.RELU, 0f, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    /** This spec with another hidden activation. */
    public ModelSpec withActivation(Activation value) {
        return new ModelSpec(kind, inputShape, hiddenWidths, outputSize, value, dropout, loss);
    }

    /** This spec with another dropout rate (0 removes the dropout layers). */
    public ModelSpec withDropout(float value) {
        return new ModelSpec(kind, inputShape, hiddenWidths, outputSize, activation, value, loss);
    }

    /** This spec with another loss. */
    public ModelSpec withLoss(Loss value) {
        return new ModelSpec(kind, inputShape, hiddenWidths, outputSize, activation, dropout, value);
    }

    /**
     * Parses a spec string (grammar in the class comment), e.g. {@code "mlp:784-200-10"},
     * {@code "lenet5"} or {@code "cnn-small:1x28x28-10:dropout=0.25"}.
     *
     * @throws IllegalArgumentException naming the spec and the offending part
     */
    public static ModelSpec parse(String text) {
        return SpecParser.parse(text);
    }

    /** Number of inputs per example, {@code inputShape().size()}. */
    public int inputSize() {
        return inputShape.size();
    }

    /**
     * Widths of the dense part, from its input to the output: {@code [784, 200, 10]} for
     * {@code mlp:784-200-10}, {@code [400, 120, 84, 10]} for {@code lenet5:1x28x28-10} (the first
     * is the flattened convolutional feature size).
     */
    public List<Integer> widths() {
        List<Integer> w = new ArrayList<>();
        w.add(kind.convolutional() ? flattenedSize() : inputSize());
        w.addAll(hiddenWidths);
        w.add(outputSize);
        return List.copyOf(w);
    }

    private int flattenedSize() {
        for (Layer layer : Architecture.layers(this, null)) {
            if (layer instanceof FlattenLayer) {
                return layer.outputShape().size();
            }
        }
        throw new IllegalStateException(this + " has no flatten layer");
    }

    /** Number of dense layers, {@code widths().size() - 1}. */
    public int layerCount() {
        return hiddenWidths.size() + 1;
    }

    /** Total number of parameters of all layers (weights and biases). */
    public int parameterCount() {
        List<Layer> layers = Architecture.layers(this, null);
        Layer last = layers.get(layers.size() - 1);
        return last.parameterOffset() + last.parameterCount();
    }

    /** The canonical spec string, e.g. {@code "mlp:784-200-10"} or {@code "lenet5:1x28x28-10:act=tanh"}. */
    @Override
    public String toString() {
        return format(kind, inputShape, hiddenWidths, outputSize, activation, dropout, loss);
    }

    private static String format(ModelKind kind, Shape inputShape, List<Integer> hiddenWidths, int outputSize,
                                 Activation activation, float dropout, Loss loss) {
        StringBuilder s = new StringBuilder(kind.specName()).append(':').append(inputShape);
        if (!kind.convolutional()) {
            for (int w : hiddenWidths) {
                s.append('-').append(w);
            }
        }
        s.append('-').append(outputSize);
        if (activation != Activation.RELU) {
            s.append(":act=").append(activation.specName());
        }
        if (dropout != 0f) {
            s.append(":dropout=").append(dropout);
        }
        if (loss != Loss.SOFTMAX_CROSS_ENTROPY) {
            s.append(":loss=").append(loss.specName());
        }
        return s.toString();
    }
}
