package io.fedspark.math.nn;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The architecture of a feed-forward classifier, parsed from and printed as a string:
 * {@code logreg:784-10} (one dense layer + softmax) or {@code mlp:784-256-128-10} (dense + ReLU
 * hidden layers of the given widths, then dense + softmax). The first width is the input size,
 * the last the number of classes.
 *
 * <p>{@link #toString()} gives back the canonical spec string, so specs round-trip through
 * configuration files and provenance.
 *
 * @param kind the model family
 * @param widths layer widths from input to output (at least 2; logreg exactly 2, mlp at least 3)
 */
public record ModelSpec(ModelKind kind, List<Integer> widths) {

    public ModelSpec {
        Objects.requireNonNull(kind, "kind");
        widths = List.copyOf(Objects.requireNonNull(widths, "widths"));
        String spec = kind.specName() + ":" + widths.stream().map(String::valueOf).collect(Collectors.joining("-"));
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("model spec '" + spec + "': width " + w + " is not a positive integer");
            }
        }
        if (kind == ModelKind.LOGREG && widths.size() != 2) {
            throw new IllegalArgumentException("model spec '" + spec + "': logreg takes exactly two widths, inputs-classes"
                    + " (e.g. logreg:784-10)");
        }
        if (kind == ModelKind.MLP && widths.size() < 3) {
            throw new IllegalArgumentException("model spec '" + spec + "': mlp needs at least one hidden layer"
                    + " (e.g. mlp:784-200-10); without one use logreg");
        }
        if (widths.get(widths.size() - 1) < 2) {
            throw new IllegalArgumentException("model spec '" + spec + "': the last width is the number of classes"
                    + " and must be at least 2");
        }
        long params = 0;
        for (int l = 0; l + 1 < widths.size(); l++) {
            params += (long) widths.get(l) * widths.get(l + 1) + widths.get(l + 1);
        }
        if (params > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model spec '" + spec + "' has " + params
                    + " parameters, more than one Java array can hold");
        }
    }

    /** Convenience constructor: {@code ModelSpec.of(ModelKind.MLP, 784, 200, 10)}. */
    public static ModelSpec of(ModelKind kind, int... widths) {
        return new ModelSpec(kind, java.util.Arrays.stream(widths).boxed().collect(Collectors.toList()));
    }

    /**
     * Parses {@code "<kind>:<w0>-<w1>-...-<wn>"}, e.g. {@code "mlp:784-200-10"}.
     *
     * @throws IllegalArgumentException naming the spec and the offending part
     */
    public static ModelSpec parse(String text) {
        Objects.requireNonNull(text, "model spec");
        String s = text.trim();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("model spec '" + text + "': expected <kind>:<widths>, e.g. logreg:784-10"
                    + " or mlp:784-200-10");
        }
        String kindText = s.substring(0, colon).trim();
        ModelKind kind = null;
        for (ModelKind k : ModelKind.values()) {
            if (k.specName().equalsIgnoreCase(kindText)) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("model spec '" + text + "': unknown kind '" + kindText
                    + "', expected one of logreg, mlp");
        }
        String[] parts = s.substring(colon + 1).split("-", -1);
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            int w;
            try {
                w = p.isEmpty() || p.charAt(0) == '+' ? -1 : Integer.parseInt(p);
            } catch (NumberFormatException e) {
                w = -1;
            }
            if (w < 1) {
                throw new IllegalArgumentException("model spec '" + text + "': width '" + parts[i]
                        + "' is not a positive integer");
            }
            widths[i] = w;
        }
        return of(kind, widths);
    }

    /** Number of inputs (the first width). */
    public int inputSize() {
        return widths.get(0);
    }

    /** Number of classes (the last width). */
    public int outputSize() {
        return widths.get(widths.size() - 1);
    }

    /** Number of dense layers. */
    public int layerCount() {
        return widths.size() - 1;
    }

    /** Total number of parameters: sum over layers of {@code in * out + out}. */
    public int parameterCount() {
        int n = 0;
        for (int l = 0; l < layerCount(); l++) {
            n += widths.get(l) * widths.get(l + 1) + widths.get(l + 1);
        }
        return n;
    }

    /** The canonical spec string, e.g. {@code "mlp:784-200-10"}. */
    @Override
    public String toString() {
        return kind.specName() + ":" + widths.stream().map(String::valueOf).collect(Collectors.joining("-"));
    }
}
