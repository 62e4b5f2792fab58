package io.fedspark.math.optim;

import java.util.Map;
import java.util.Set;

/**
 * Settings of {@link SignSgd}; validates itself.
 *
 * @param learningRate base step size, finite and > 0 (scaled by the learning-rate schedule)
 */
public record SignSgdOptions(float learningRate) {

    public SignSgdOptions {
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("signsgd learningRate is " + learningRate
                    + ", expected a finite number > 0");
        }
    }

    /** Learning rate 0.01, the worst-case forget-set search's {@code lr_theta}. */
    public SignSgdOptions() {
        this(0.01f);
    }

    /** The settings as named numbers for {@link OptimizerState}. */
    public Map<String, Double> hyperparameters() {
        return Map.of("learningRate", (double) learningRate);
    }

    /**
     * Reads back {@link #hyperparameters()}.
     *
     * @param source what the values came from, for error messages
     * @throws IllegalArgumentException if a name is missing or unknown, or a value is invalid
     */
    public static SignSgdOptions fromHyperparameters(Map<String, Double> values, String source) {
        return new SignSgdOptions(Hyperparameters.of(values, source, Set.of("learningRate")).floatValue("learningRate"));
    }
}
