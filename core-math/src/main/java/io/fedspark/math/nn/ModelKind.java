package io.fedspark.math.nn;

/**
 * The model families a {@link ModelSpec} can name; the prefix of the spec string.
 */
public enum ModelKind {
    /** Multinomial logistic regression: one dense layer and a softmax ({@code logreg:784-10}). */
    LOGREG("logreg"),
    /** Multilayer perceptron: dense + ReLU hidden layers, then dense + softmax ({@code mlp:784-200-10}). */
    MLP("mlp");

    private final String specName;

    ModelKind(String specName) {
        this.specName = specName;
    }

    /** The spelling in spec strings, e.g. {@code "mlp"}. */
    public String specName() {
        return specName;
    }
}
