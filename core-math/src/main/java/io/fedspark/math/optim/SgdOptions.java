package io.fedspark.math.optim;

import java.util.Map;
import java.util.Set;

/**
 * Settings of {@link Sgd}; validates itself, so an invalid combination fails before training starts.
 *
 * @param learningRate base step size, finite and positive (scaled by the learning-rate schedule)
 * @param momentum heavy-ball momentum coefficient in [0, 1); 0 disables the velocity
 * @param weightDecay L2 penalty coefficient (added to the gradient as {@code weightDecay * p}), finite and >= 0
 * @param nesterov use Nesterov momentum (requires momentum > 0)
 */
public record SgdOptions(float learningRate, float momentum, float weightDecay, boolean nesterov)
    implements java.io.Serializable {

    public SgdOptions {
        if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("sgd learningRate is " + learningRate + ", expected a finite number > 0");
        }
        if (!(momentum >= 0f && momentum < 1f)) {
            throw new IllegalArgumentException("sgd momentum is " + momentum + ", expected a number in [0, 1)");
        }
        if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("sgd weightDecay is " + weightDecay + ", expected a finite number >= 0");
        }
        if (nesterov && momentum == 0f) {
            throw new IllegalArgumentException("sgd nesterov is true but momentum is 0; Nesterov momentum needs momentum > 0");
        }
    }

    /** Plain SGD with learning rate 0.01, no momentum, no weight decay. */
    public SgdOptions() {
        this(0.01f, 0f, 0f, false);
    }

    /** Plain SGD with the given learning rate. */
    public static SgdOptions plain(float learningRate) {
        return new SgdOptions(learningRate, 0f, 0f, false);
    }

    public SgdOptions withLearningRate(float value) {
        return new SgdOptions(value, momentum, weightDecay, nesterov);
    }

    public SgdOptions withMomentum(float value, boolean useNesterov) {
        return new SgdOptions(learningRate, value, weightDecay, useNesterov);
    }

    public SgdOptions withWeightDecay(float value) {
        return new SgdOptions(learningRate, momentum, value, nesterov);
    }

    /** The settings as named numbers for {@link OptimizerState} ({@code nesterov} as 0 or 1). */
    public Map<String, Double> hyperparameters() {
        return Map.of("learningRate", (double) learningRate, "momentum", (double) momentum,
                "weightDecay", (double) weightDecay, "nesterov", nesterov ? 1.0 : 0.0);
    }

    /**
     * Reads back {@link #hyperparameters()}.
     *
     * @param source what the values came from, for error messages
     * @throws IllegalArgumentException if a name is missing or unknown, or a value is invalid
     */
    public static SgdOptions fromHyperparameters(Map<String, Double> values, String source) {
        Hyperparameters h = Hyperparameters.of(values, source,
                Set.of("learningRate", "momentum", "weightDecay", "nesterov"));
        return new SgdOptions(h.floatValue("learningRate"), h.floatValue("momentum"), h.floatValue("weightDecay"),
                h.flag("nesterov"));
    }
}
