package io.fedspark.math.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Parses the spec strings of {@link ModelSpec} (grammar there). Syntax errors are reported here,
 * naming the whole spec and the offending part; semantic errors (too few widths, an input too
 * small for a CNN, ...) by the {@link ModelSpec} constructor.
 */
final class SpecParser {

    private static final String EXAMPLES = "e.g. logreg:784-10, mlp:784-200-10 or lenet5:1x28x28-10";

    private SpecParser() {
    }

    static ModelSpec parse(String text) {
        Objects.requireNonNull(text, "model spec");
        String prefix = "model spec '" + text + "'";
        String[] parts = text.trim().split(":", -1);
        ModelKind kind = kind(prefix, parts);
        boolean hasSizes = parts.length > 1 && !parts[1].contains("=");
        String body = hasSizes ? parts[1].trim() : null;
        Options options = options(prefix, parts, hasSizes ? 2 : 1);
        Sizes sizes = kind.convolutional() ? convolutionalSizes(prefix, kind, body) : denseSizes(prefix, kind, body);
        return new ModelSpec(kind, sizes.input(), sizes.hidden(), sizes.outputs(), options.activation(),
                options.dropout(), options.loss());
    }

    /** The {@code act=}, {@code dropout=} and {@code loss=} options, each at most once, defaults for the rest. */
    private record Options(Activation activation, float dropout, Loss loss) {}

    /** The input, hidden dense widths and outputs written in the sizes part (or a CNN's defaults). */
    private record Sizes(Shape input, List<Integer> hidden, int outputs) {}

    /** The kind named by the first part. */
    private static ModelKind kind(String prefix, String[] parts) {
        String kindText = parts[0].trim();
        for (ModelKind k : ModelKind.values()) {
            if (k.specName().equalsIgnoreCase(kindText)) {
                return k;
            }
        }
        if (parts.length == 1) {
            throw new IllegalArgumentException(prefix + ": expected <kind>[:<sizes>][:<option>...], " + EXAMPLES);
        }
        throw new IllegalArgumentException(prefix + ": unknown kind '" + kindText + "', expected one of "
                + Arrays.stream(ModelKind.values()).map(ModelKind::specName).collect(Collectors.joining(", ")));
    }

    /** The options in {@code parts[first..]}, each {@code <key>=<value>}. */
    private static Options options(String prefix, String[] parts, int first) {
        Activation activation = Activation.RELU;
        float dropout = 0f;
        Loss loss = Loss.SOFTMAX_CROSS_ENTROPY;
        List<String> seen = new ArrayList<>();
        for (int i = first; i < parts.length; i++) {
            String option = parts[i].trim();
            int eq = option.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(prefix + ": option '" + parts[i] + "' is not <key>=<value>;"
                        + " expected act=relu|tanh|sigmoid, dropout=<p> or loss=xent|mse");
            }
            String key = option.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = option.substring(eq + 1).trim();
            if (seen.contains(key)) {
                throw new IllegalArgumentException(prefix + ": option '" + key + "' is given twice");
            }
            seen.add(key);
            switch (key) {
                case "act" -> activation = activation(prefix, value);
                case "dropout" -> dropout = dropout(prefix, value);
                case "loss" -> loss = loss(prefix, value);
                default -> throw new IllegalArgumentException(prefix + ": unknown option '" + key
                        + "', expected act, dropout or loss");
            }
        }
        return new Options(activation, dropout, loss);
    }

    /** {@code <channels>x<height>x<width>-<classes>}, by default the kind's usual input; fixed dense widths. */
    private static Sizes convolutionalSizes(String prefix, ModelKind kind, String body) {
        String sizes = body != null ? body : kind == ModelKind.LENET5 ? "1x28x28-10" : "3x32x32-10";
        String[] halves = sizes.split("-", -1);
        if (halves.length != 2) {
            throw new IllegalArgumentException(prefix + ": " + kind.specName() + " takes <channels>x<height>x<width>-"
                    + "<classes>, e.g. " + kind.specName() + ":1x28x28-10");
        }
        Shape input = shape(prefix, halves[0]);
        return new Sizes(input, ModelSpec.CNN_HIDDEN, positive(prefix, halves[1]));
    }

    /** {@code <inputs>-<hidden>...-<classes>}, required. */
    private static Sizes denseSizes(String prefix, ModelKind kind, String body) {
        if (body == null) {
            throw new IllegalArgumentException(prefix + ": " + kind.specName() + " needs its widths, e.g. "
                    + (kind == ModelKind.LOGREG ? "logreg:784-10" : "mlp:784-200-10"));
        }
        String[] items = body.split("-", -1);
        int[] widths = new int[items.length];
        for (int i = 0; i < items.length; i++) {
            widths[i] = positive(prefix, items[i]);
        }
        if (widths.length < 2) {
            throw new IllegalArgumentException(prefix + ": " + kind.specName() + " needs at least the input size"
                    + " and the output size, " + EXAMPLES);
        }
        List<Integer> hidden = new ArrayList<>();
        for (int i = 1; i + 1 < widths.length; i++) {
            hidden.add(widths[i]);
        }
        return new Sizes(Shape.flat(widths[0]), hidden, widths[widths.length - 1]);
    }

    private static int positive(String prefix, String item) {
        String p = item.trim();
        int w;
        try {
            w = p.isEmpty() || p.charAt(0) == '+' ? -1 : Integer.parseInt(p);
        } catch (NumberFormatException e) {
            w = -1;
        }
        if (w < 1) {
            throw new IllegalArgumentException(prefix + ": width '" + item + "' is not a positive integer");
        }
        return w;
    }

    private static Shape shape(String prefix, String item) {
        String[] dims = item.trim().split("x", -1);
        if (dims.length != 3) {
            throw new IllegalArgumentException(prefix + ": input shape '" + item + "' is not <channels>x<height>x<width>"
                    + " (e.g. 1x28x28)");
        }
        return new Shape(positive(prefix, dims[0]), positive(prefix, dims[1]), positive(prefix, dims[2]));
    }

    private static Activation activation(String prefix, String value) {
        for (Activation a : Activation.values()) {
            if (a.specName().equalsIgnoreCase(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException(prefix + ": act '" + value + "' is not one of relu, tanh, sigmoid");
    }

    private static float dropout(String prefix, String value) {
        float p;
        try {
            p = Float.parseFloat(value);
        } catch (NumberFormatException e) {
            p = Float.NaN;
        }
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException(prefix + ": dropout '" + value + "' is not a number in [0, 1)");
        }
        return p;
    }

    private static Loss loss(String prefix, String value) {
        for (Loss l : Loss.values()) {
            if (l.specName().equalsIgnoreCase(value)) {
                return l;
            }
        }
        throw new IllegalArgumentException(prefix + ": loss '" + value + "' is not one of xent, mse");
    }
}
