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
        String kindText = parts[0].trim();
        ModelKind kind = null;
        for (ModelKind k : ModelKind.values()) {
            if (k.specName().equalsIgnoreCase(kindText)) {
                kind = k;
            }
        }
        if (kind == null) {
            if (parts.length == 1) {
                throw new IllegalArgumentException(prefix + ": expected <kind>[:<sizes>][:<option>...], " + EXAMPLES);
            }
            throw new IllegalArgumentException(prefix + ": unknown kind '" + kindText + "', expected one of "
                    + Arrays.stream(ModelKind.values()).map(ModelKind::specName).collect(Collectors.joining(", ")));
        }
        int next = 1;
        String body = null;
        if (parts.length > 1 && !parts[1].contains("=")) {
            body = parts[1].trim();
            next = 2;
        }
        Activation activation = Activation.RELU;
        float dropout = 0f;
        Loss loss = Loss.SOFTMAX_CROSS_ENTROPY;
        List<String> seen = new ArrayList<>();
        for (int i = next; i < parts.length; i++) {
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
        Shape input;
        List<Integer> hidden = new ArrayList<>();
        int outputs;
        if (kind.convolutional()) {
            String sizes = body != null ? body : kind == ModelKind.LENET5 ? "1x28x28-10" : "3x32x32-10";
            String[] halves = sizes.split("-", -1);
            if (halves.length != 2) {
                throw new IllegalArgumentException(prefix + ": " + kind.specName() + " takes <channels>x<height>x<width>-"
                        + "<classes>, e.g. " + kind.specName() + ":1x28x28-10");
            }
            input = shape(prefix, halves[0]);
            hidden.addAll(List.of(ModelSpec.CNN_FC1, ModelSpec.CNN_FC2));
            outputs = positive(prefix, halves[1]);
        } else {
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
            input = Shape.flat(widths[0]);
            for (int i = 1; i + 1 < widths.length; i++) {
                hidden.add(widths[i]);
            }
            outputs = widths[widths.length - 1];
        }
        return new ModelSpec(kind, input, hidden, outputs, activation, dropout, loss);
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
