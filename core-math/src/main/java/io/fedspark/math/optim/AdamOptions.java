package io.fedspark.math.optim;

import java.util.Map;
import java.util.Set;

/**
 * Settings of {@link Adam} and {@link AdamW}; validates itself. The no-argument constructor gives
 * PyTorch's {@code torch.optim.Adam} defaults; {@link #adamWDefaults()} gives
 * {@code torch.optim.AdamW}'s, which differ only in weight decay (0.01 instead of 0).
 *
 * <p>Doubles, as PyTorch's Python floats, not floats: {@code 1 - beta2} and the bias correction
 * {@code 1 - beta2^t} cancel leading digits, and {@code 0.999f} is 1.3e-5 (relative) away from
 * 0.999 after that cancellation. The per-element arithmetic still runs in float.
 *
 * @param learningRate base step size alpha, finite and > 0 (scaled by the learning-rate schedule)
 * @param beta1 decay of the first-moment average, in [0, 1)
 * @param beta2 decay of the second-moment average, in [0, 1)
 * @param epsilon added to the denominator, finite and > 0
 * @param weightDecay finite and >= 0: an L2 term {@code weightDecay * p} added to the gradient
 *     for {@link Adam}, a decoupled shrinkage {@code p *= 1 - lr * weightDecay} for {@link AdamW}
 */
public record AdamOptions(double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
    implements java.io.Serializable {

    public AdamOptions {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("adam learningRate is " + learningRate + ", expected a finite number > 0");
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("adam beta1 is " + beta1 + ", expected a number in [0, 1)");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("adam beta2 is " + beta2 + ", expected a number in [0, 1)");
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("adam epsilon is " + epsilon + ", expected a finite number > 0");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("adam weightDecay is " + weightDecay + ", expected a finite number >= 0");
        }
    }

    /** PyTorch's Adam defaults: learning rate 1e-3, betas (0.9, 0.999), epsilon 1e-8, weight decay 0. */
    public AdamOptions() {
        this(1e-3, 0.9, 0.999, 1e-8, 0);
    }

    /** PyTorch's AdamW defaults: as {@link #AdamOptions()} with weight decay 0.01. */
    public static AdamOptions adamWDefaults() {
        return new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 0.01);
    }

    public AdamOptions withLearningRate(double value) {
        return new AdamOptions(value, beta1, beta2, epsilon, weightDecay);
    }

    public AdamOptions withBetas(double b1, double b2) {
        return new AdamOptions(learningRate, b1, b2, epsilon, weightDecay);
    }

    public AdamOptions withWeightDecay(double value) {
        return new AdamOptions(learningRate, beta1, beta2, epsilon, value);
    }

    /** The settings as named numbers for {@link OptimizerState}. */
    public Map<String, Double> hyperparameters() {
        return Map.of("learningRate", learningRate, "beta1", beta1, "beta2", beta2, "epsilon", epsilon,
                "weightDecay", weightDecay);
    }

    /**
     * Reads back {@link #hyperparameters()}.
     *
     * @param source what the values came from, for error messages
     * @throws IllegalArgumentException if a name is missing or unknown, or a value is invalid
     */
    public static AdamOptions fromHyperparameters(Map<String, Double> values, String source) {
        Hyperparameters h = Hyperparameters.of(values, source,
                Set.of("learningRate", "beta1", "beta2", "epsilon", "weightDecay"));
        return new AdamOptions(h.doubleValue("learningRate"), h.doubleValue("beta1"), h.doubleValue("beta2"),
                h.doubleValue("epsilon"), h.doubleValue("weightDecay"));
    }
}
