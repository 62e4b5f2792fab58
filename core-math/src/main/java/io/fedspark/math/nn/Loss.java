package io.fedspark.math.nn;

/**
 * The training objective at the end of a model: what the model's output is compared with.
 * Both are per-example losses {@code l_i}, combined as the weighted mean
 * {@code L = sum_i w_i l_i / sum_i w_i}.
 */
public enum Loss {
    /**
     * Fused, numerically stable softmax + cross-entropy against integer class labels; the output
     * is the logits ({@code l_i = logsumexp(z_i) - z_{i,y_i}}). Spec spelling {@code xent}.
     */
    SOFTMAX_CROSS_ENTROPY("xent"),
    /**
     * Mean squared error against float target vectors ({@code l_i = (1/k) ||y_i - t_i||^2}), for
     * regression, e.g. onto representation vectors in dataset distillation. Spec spelling {@code mse}.
     */
    MEAN_SQUARED_ERROR("mse");

    private final String specName;

    Loss(String specName) {
        this.specName = specName;
    }

    /** The spelling in model specs ({@code loss=xent}, {@code loss=mse}). */
    public String specName() {
        return specName;
    }
}
