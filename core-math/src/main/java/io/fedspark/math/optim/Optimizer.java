package io.fedspark.math.optim;

import java.util.Objects;

/**
 * A first-order optimizer that updates one flat parameter array in place from one flat gradient
 * array of the same length (fedspark keeps all of a model's parameters in one {@code float[]}).
 *
 * <p>Every optimizer counts its steps: step {@code t} (0-based, {@link #stepCount()} before the
 * step) uses the learning rate {@code schedule.learningRate(base, t)} of its
 * {@link LearningRateSchedule}, which {@link #learningRate()} reports. Its complete mutable state
 * (step count and per-parameter arrays such as momentum buffers), together with its settings,
 * is captured by {@link #saveState()} as an {@link OptimizerState}, and {@link #restore} puts it
 * back: saving after k steps, restoring into a fresh optimizer with the same settings and
 * continuing is bit-for-bit identical to never stopping. {@link #fromState} rebuilds an optimizer
 * from a state alone (e.g. one read from a model file).
 *
 * <p>(The state methods are named {@code saveState}/{@code restore} rather than
 * {@code state}/{@code setState} because {@link Sgd} already has {@code float[] state()}, the
 * velocity only, which callers use.)
 *
 * <p>Implementations are deterministic and not thread-safe: one optimizer per training loop.
 */
public interface Optimizer {

    /** Which algorithm this is. */
    OptimizerKind kind();

    /**
     * One update of {@code params} in place from {@code grad} (not modified), using the learning
     * rate for the current step, then advances the step counter.
     *
     * @throws IllegalArgumentException if the lengths differ from each other or from the state
     */
    void step(float[] params, float[] grad);

    /** Number of steps taken since construction or the last {@link #reset()} (or as restored). */
    long stepCount();

    /** The learning rate the next {@link #step} will use: the schedule at {@link #stepCount()}. */
    float learningRate();

    /** The learning-rate schedule (a factor applied to the options' base learning rate). */
    LearningRateSchedule schedule();

    /** A deep copy of the settings, step count and state arrays. */
    OptimizerState saveState();

    /**
     * Restores a state saved by an optimizer of the same kind and settings (copied, so the state
     * object stays independent).
     *
     * @throws IllegalArgumentException if the kind, a hyperparameter, the schedule or the arrays
     *     do not match this optimizer, naming the first difference
     */
    void restore(OptimizerState state);

    /** Forgets the state arrays and sets the step count to 0 (e.g. at the start of a federated round). */
    void reset();

    /**
     * A new optimizer of the state's kind, with the state's settings and schedule, restored to the
     * state.
     *
     * @throws IllegalArgumentException if the hyperparameters are not those of the kind
     */
    static Optimizer fromState(OptimizerState state) {
        Objects.requireNonNull(state, "state");
        Optimizer optimizer;
        String source = state.kind().configName() + " state";
        switch (state.kind()) {
            case SGD:
                optimizer = new Sgd(SgdOptions.fromHyperparameters(state.hyperparameters(), source), state.schedule());
                break;
            case ADAM:
                optimizer = new Adam(AdamOptions.fromHyperparameters(state.hyperparameters(), source), state.schedule());
                break;
            case ADAMW:
                optimizer = new AdamW(AdamOptions.fromHyperparameters(state.hyperparameters(), source), state.schedule());
                break;
            case SIGN_SGD:
                optimizer = new SignSgd(SignSgdOptions.fromHyperparameters(state.hyperparameters(), source),
                        state.schedule());
                break;
            default:
                throw new AssertionError(state.kind());
        }
        optimizer.restore(state);
        return optimizer;
    }
}
