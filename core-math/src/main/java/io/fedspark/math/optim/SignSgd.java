package io.fedspark.math.optim;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sign descent, signSGD (Bernstein, Wang, Azizzadenesheli and Anandkumar, "signSGD: Compressed
 * Optimisation for Non-Convex Problems", ICML 2018):
 *
 * <pre>
 *   p = p - lr * sign(grad)           lr = learningRate * schedule.factor(t)
 * </pre>
 *
 * with {@code sign(0) = 0} (as {@code torch.sign}); a NaN gradient gives a NaN parameter. The
 * worst-case forget-set search unlearns with it. Stateless apart from the step count.
 */
public final class SignSgd extends ScheduledOptimizer {

    private final SignSgdOptions options;

    /** SignSGD with a constant learning rate. */
    public SignSgd(SignSgdOptions options) {
        this(options, LearningRateSchedule.constant());
    }

    /** SignSGD whose learning rate at step t is {@code options.learningRate() * schedule.factor(t)}. */
    public SignSgd(SignSgdOptions options, LearningRateSchedule schedule) {
        super(Objects.requireNonNull(options, "options").learningRate(), schedule);
        this.options = options;
    }

    public SignSgdOptions options() {
        return options;
    }

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.SIGN_SGD;
    }

    @Override
    public void step(float[] params, float[] grad) {
        checkStep(params, grad);
        final float lr = learningRate();
        for (int i = 0; i < params.length; i++) {
            params[i] -= lr * Math.signum(grad[i]);
        }
        advance();
    }

    @Override
    Map<String, Double> hyperparameters() {
        return options.hyperparameters();
    }

    @Override
    Map<String, float[]> stateArrays() {
        return Map.of();
    }

    @Override
    Set<String> arrayNames() {
        return Set.of();
    }

    @Override
    void setStateArrays(Map<String, float[]> arrays) {
        // no arrays; restore() has already refused any
    }
}
