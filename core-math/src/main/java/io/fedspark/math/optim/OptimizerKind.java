package io.fedspark.math.optim;

import java.util.Locale;

/**
 * The optimizers fedspark implements: a closed choice, spelled in configuration files and model
 * files by {@link #specName()}.
 */
public enum OptimizerKind {
    /** Stochastic gradient descent with optional momentum, Nesterov and L2 weight decay ({@link Sgd}). */
    SGD("sgd"),
    /** Adam with optional L2 weight decay added to the gradient ({@link Adam}). */
    ADAM("adam"),
    /** Adam with decoupled weight decay ({@link AdamW}). */
    ADAMW("adamw"),
    /** Sign descent, {@code theta -= lr * sign(g)} ({@link SignSgd}). */
    SIGN_SGD("signsgd");

    private final String specName;

    OptimizerKind(String specName) {
        this.specName = specName;
    }

    /** The spelling in configuration and model files, e.g. {@code "adamw"}. */
    public String specName() {
        return specName;
    }

    /**
     * Parses a spec name ({@code sgd}, {@code adam}, {@code adamw}, {@code signsgd}; any case).
     *
     * @param source where the text came from, for the error message (e.g. a config key or a file)
     * @throws IllegalArgumentException naming the source, the text and the accepted values
     */
    public static OptimizerKind parse(String text, String source) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            for (OptimizerKind k : values()) {
                if (k.specName.equals(t)) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException(source + " is '" + text + "': expected one of sgd, adam, adamw, signsgd");
    }
}
