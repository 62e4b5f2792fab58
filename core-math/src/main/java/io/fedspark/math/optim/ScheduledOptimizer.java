package io.fedspark.math.optim;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every optimizer shares: the base learning rate and its schedule, the step counter,
 * argument checks, and saving/restoring state with checks that the state belongs to an
 * optimizer of the same kind and settings. Subclasses supply the update and their arrays.
 */
abstract class ScheduledOptimizer implements Optimizer {

    private final double baseLearningRate;
    private final LearningRateSchedule schedule;
    private long step;

    ScheduledOptimizer(double baseLearningRate, LearningRateSchedule schedule) {
        this.baseLearningRate = baseLearningRate;
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public final long stepCount() {
        return step;
    }

    @Override
    public final float learningRate() {
        return (float) scheduledRate();
    }

    /** The learning rate of the next step in double, {@code base * factor(step)}. */
    final double scheduledRate() {
        return baseLearningRate * schedule.factor(step);
    }

    @Override
    public final LearningRateSchedule schedule() {
        return schedule;
    }

    /** Null and length checks of a step's arguments. */
    final void checkStep(float[] params, float[] grad) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(grad, "grad");
        if (params.length != grad.length) {
            throw new IllegalArgumentException(kind().configName() + " step: params has " + params.length
                    + " floats but grad has " + grad.length);
        }
    }

    /** An existing state array must have the length of the parameters; returns it, or a new zero array if null. */
    final float[] stateFor(float[] state, String name, int n) {
        if (state == null) {
            return new float[n];
        }
        if (state.length != n) {
            throw new IllegalArgumentException(kind().configName() + " step: params has " + n + " floats but the "
                    + name + " state has " + state.length);
        }
        return state;
    }

    /** Called by subclasses once a step's update is done. */
    final void advance() {
        step++;
    }

    /** The settings as named numbers, e.g. {@code learningRate}, {@code momentum}. */
    abstract Map<String, Double> hyperparameters();

    /** The state arrays (copies), empty if none. */
    abstract Map<String, float[]> stateArrays();

    /** The names {@link #stateArrays()} uses once there is state. */
    abstract Set<String> arrayNames();

    /** Replaces the state arrays with (copies of) the given ones; an empty map clears them. */
    abstract void setStateArrays(Map<String, float[]> arrays);

    @Override
    public final OptimizerState saveState() {
        return new OptimizerState(kind(), step, hyperparameters(), schedule, stateArrays());
    }

    @Override
    public final void restore(OptimizerState state) {
        Objects.requireNonNull(state, "state");
        String who = kind().configName() + " restore";
        if (state.kind() != kind()) {
            throw new IllegalArgumentException(who + ": the state was saved by " + state.kind().configName()
                    + ", expected a " + kind().configName() + " state");
        }
        Map<String, Double> mine = hyperparameters();
        for (Map.Entry<String, Double> e : mine.entrySet()) {
            Double saved = state.hyperparameters().get(e.getKey());
            if (!e.getValue().equals(saved)) {
                throw new IllegalArgumentException(who + ": the state was saved with " + e.getKey() + " = "
                        + (saved == null ? "(absent)" : saved) + " but this optimizer has " + e.getKey() + " = "
                        + e.getValue() + "; build the optimizer from the state (Optimizer.fromState) to resume"
                        + " with the saved settings");
            }
        }
        for (String name : state.hyperparameters().keySet()) {
            if (!mine.containsKey(name)) {
                throw new IllegalArgumentException(who + ": the state has an unknown hyperparameter " + name
                        + ", expected " + mine.keySet());
            }
        }
        if (!state.schedule().equals(schedule)) {
            throw new IllegalArgumentException(who + ": the state was saved with the schedule " + state.schedule()
                    + " but this optimizer has " + schedule + "; build the optimizer from the state"
                    + " (Optimizer.fromState) to resume with the saved settings");
        }
        Set<String> names = state.arrayNames();
        if (!names.isEmpty()) {
            if (!names.equals(arrayNames())) {
                throw new IllegalArgumentException(who + ": the state has arrays " + names + ", expected "
                        + new TreeSet<>(arrayNames()) + " or none");
            }
            int length = -1;
            for (String name : names) {
                int len = state.arrayLength(name);
                if (length >= 0 && len != length) {
                    throw new IllegalArgumentException(who + ": the state's arrays differ in length: " + describe(state));
                }
                length = len;
            }
        }
        setStateArrays(state.arrays());
        step = state.step();
    }

    private static String describe(OptimizerState state) {
        StringBuilder sb = new StringBuilder();
        for (String name : state.arrayNames()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(name).append(" has ").append(state.arrayLength(name));
        }
        return sb.toString();
    }

    @Override
    public final void reset() {
        setStateArrays(Map.of());
        step = 0;
    }
}
