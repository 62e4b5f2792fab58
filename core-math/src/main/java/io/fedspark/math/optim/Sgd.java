package io.fedspark.math.optim;

import java.util.Arrays;
import java.util.Objects;

/**
 * Stochastic gradient descent with optional L2 weight decay, heavy-ball momentum (Polyak 1964)
 * and Nesterov momentum (Sutskever, Martens, Dahl and Hinton, "On the importance of
 * initialization and momentum in deep learning", ICML 2013), in the formulation PyTorch uses:
 *
 * <pre>
 *   g = grad + weightDecay * p
 *   v = momentum * v + g                     (v starts at 0, so the first v is g)
 *   d = nesterov ? g + momentum * v : v      (d = g when momentum is 0)
 *   p = p - learningRate * d
 * </pre>
 *
 * <p>State is the velocity {@code v} (one float per parameter), exposed through {@link #state()}
 * and {@link #setState(float[])} for checkpoints. Not thread-safe; deterministic.
 */
public final class Sgd {

    private final SgdOptions options;
    private float[] velocity;

    public Sgd(SgdOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public SgdOptions options() {
        return options;
    }

    /** Updates {@code params} in place from {@code grad} (which is not modified). */
    public void step(float[] params, float[] grad) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(grad, "grad");
        if (params.length != grad.length) {
            throw new IllegalArgumentException("sgd step: params has " + params.length + " floats but grad has " + grad.length);
        }
        final float lr = options.learningRate();
        final float mu = options.momentum();
        final float wd = options.weightDecay();
        final int n = params.length;
        if (mu == 0f) {
            for (int i = 0; i < n; i++) {
                params[i] -= lr * (grad[i] + wd * params[i]);
            }
            return;
        }
        if (velocity == null) {
            velocity = new float[n];
        } else if (velocity.length != n) {
            throw new IllegalArgumentException("sgd step: params has " + n + " floats but the momentum state has "
                    + velocity.length);
        }
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
    }

    /**
     * A copy of the velocity, or an empty array if there is none (momentum 0, or no step yet):
     * an empty state means "start from zero velocity".
     */
    public float[] state() {
        return velocity == null ? new float[0] : velocity.clone();
    }

    /** Restores a state returned by {@link #state()} (copied); an empty array resets the velocity. */
    public void setState(float[] state) {
        Objects.requireNonNull(state, "state");
        if (state.length > 0 && options.momentum() == 0f) {
            throw new IllegalArgumentException("sgd setState: got a velocity of " + state.length
                    + " floats but momentum is 0, so there is no state");
        }
        velocity = state.length == 0 ? null : Arrays.copyOf(state, state.length);
    }

    /** Forgets the velocity (e.g. at the start of a federated round). */
    public void reset() {
        velocity = null;
    }
}
