package io.fedspark.math.optim;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Stochastic gradient descent with optional L2 weight decay, heavy-ball momentum (Polyak 1964)
 * and Nesterov momentum (Sutskever, Martens, Dahl and Hinton, "On the importance of
 * initialization and momentum in deep learning", ICML 2013), in the formulation of PyTorch's
 * {@code torch.optim.SGD} (dampening 0), which is the reference for these update rules:
 *
 * <pre>
 *   lr = learningRate * schedule.factor(t)
 *   g  = grad + weightDecay * p
 *   v  = momentum * v + g                     (v starts at 0, so the first v is g)
 *   d  = nesterov ? g + momentum * v : v      (d = g when momentum is 0)
 *   p  = p - lr * d
 * </pre>
 *
 * <p>State is the velocity {@code v} (one float per parameter, array name {@code velocity}),
 * created on the first step when momentum is non-zero. {@link #saveState()} and
 * {@link #restore(OptimizerState)} capture it with the step count and settings;
 * {@link #state()} and {@link #setState(float[])} are the older velocity-only form.
 * Not thread-safe; deterministic.
 */
public final class Sgd extends ScheduledOptimizer {

    static final String VELOCITY = "velocity";

    private final SgdOptions options;
    private float[] velocity;

    /** SGD with a constant learning rate. */
    public Sgd(SgdOptions options) {
        this(options, LearningRateSchedule.constant());
    }

    /** SGD whose learning rate at step t is {@code options.learningRate() * schedule.factor(t)}. */
    public Sgd(SgdOptions options, LearningRateSchedule schedule) {
        super(Objects.requireNonNull(options, "options").learningRate(), schedule);
        this.options = options;
    }

    public SgdOptions options() {
        return options;
    }

    @Override
    public OptimizerKind kind() {
        return OptimizerKind.SGD;
    }

    /** Updates {@code params} in place from {@code grad} (which is not modified). */
    @Override
    public void step(float[] params, float[] grad) {
        checkStep(params, grad);
        final float lr = learningRate();
        final float mu = options.momentum();
        final float wd = options.weightDecay();
        final int n = params.length;
        if (mu == 0f) {
            for (int i = 0; i < n; i++) {
                params[i] -= lr * (grad[i] + wd * params[i]);
            }
            advance();
            return;
        }
        velocity = stateFor(velocity, "momentum", n);
        final float[] v = velocity;
        if (options.nesterov()) {
            for (int i = 0; i < n; i++) {
                float g = grad[i] + wd * params[i];
                v[i] = mu * v[i] + g;
                params[i] -= lr * (g + mu * v[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                float g = grad[i] + wd * params[i];
                v[i] = mu * v[i] + g;
                params[i] -= lr * v[i];
            }
        }
        advance();
    }

    /**
     * A copy of the velocity, or an empty array if there is none (momentum 0, or no step yet):
     * an empty state means "start from zero velocity". Does not include the step count; see
     * {@link #saveState()}.
     */
    public float[] state() {
        return velocity == null ? new float[0] : velocity.clone();
    }

    /**
     * Restores a velocity returned by {@link #state()} (copied); an empty array resets the
     * velocity. The step count is left as it is; see {@link #restore(OptimizerState)}.
     */
    public void setState(float[] state) {
        Objects.requireNonNull(state, "state");
        if (state.length > 0 && options.momentum() == 0f) {
            throw new IllegalArgumentException("sgd setState: got a velocity of " + state.length
                    + " floats but momentum is 0, so there is no state");
        }
        velocity = state.length == 0 ? null : Arrays.copyOf(state, state.length);
    }

    @Override
    Map<String, Double> hyperparameters() {
        return options.hyperparameters();
    }

    @Override
    Map<String, float[]> stateArrays() {
        return velocity == null ? Map.of() : Map.of(VELOCITY, velocity.clone());
    }

    @Override
    Set<String> arrayNames() {
        return Set.of(VELOCITY);
    }

    @Override
    void setStateArrays(Map<String, float[]> arrays) {
        float[] v = arrays.get(VELOCITY);
        if (v == null) {
            velocity = null;
        } else {
            setState(v);
        }
    }
}
