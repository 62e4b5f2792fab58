package io.fedspark.math.optim;

import io.fedspark.math.Choice;
import java.util.Locale;

/**
 * The optimizers fedspark implements: a closed choice, spelled in configuration files and model
 * files by {@link #configName()}.
 */
public enum OptimizerKind implements Choice {
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
    @Override
    public String configName() {
        return specName;
    }

}
