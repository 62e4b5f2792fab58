package io.fedspark.math.optim;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything needed to resume an {@link Optimizer} exactly: its kind, its settings
 * (hyperparameters and learning-rate schedule), its step count and its state arrays.
 *
 * <p>Hyperparameters are named numbers ({@code float} settings are stored exactly as
 * {@code double}, booleans as 0 or 1), e.g. {@code learningRate}, {@code momentum},
 * {@code beta1}. State arrays are named {@code float[]}s of one element per parameter, e.g.
 * {@code velocity} (SGD) or {@code firstMoment} and {@code secondMoment} (Adam); an optimizer that
 * has not stepped yet, or has no state, has none. Both maps are sorted by name, so that equal
 * states serialise to equal bytes.
 *
 * <p>Immutable: the constructor copies the arrays and {@link #arrays()} returns copies;
 * {@code equals} compares array contents bit for bit.
 *
 * @param kind which optimizer saved it
 * @param step number of steps taken
 * @param hyperparameters named settings, finite numbers
 * @param schedule the learning-rate schedule
 * @param arrays named per-parameter state arrays (copied)
 */
public record OptimizerState(OptimizerKind kind, long step, Map<String, Double> hyperparameters,
                             LearningRateSchedule schedule, Map<String, float[]> arrays) {

    public OptimizerState {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(schedule, "schedule");
        if (step < 0) {
            throw new IllegalArgumentException(kind.configName() + " state: step is " + step + ", expected >= 0");
        }
        TreeMap<String, Double> h = new TreeMap<>();
        for (Map.Entry<String, Double> e : Objects.requireNonNull(hyperparameters, "hyperparameters").entrySet()) {
            String name = checkName(kind, "hyperparameter", e.getKey());
            Double v = e.getValue();
            if (v == null || !Double.isFinite(v)) {
                throw new IllegalArgumentException(kind.configName() + " state: hyperparameter " + name + " is " + v
                        + ", expected a finite number");
            }
            h.put(name, v);
        }
        TreeMap<String, float[]> a = new TreeMap<>();
        for (Map.Entry<String, float[]> e : Objects.requireNonNull(arrays, "arrays").entrySet()) {
            String name = checkName(kind, "array", e.getKey());
            float[] v = Objects.requireNonNull(e.getValue(), () -> kind.configName() + " state: array " + name);
            a.put(name, v.clone());
        }
        hyperparameters = Collections.unmodifiableMap(h);
        arrays = Collections.unmodifiableMap(a);
    }

    private static String checkName(OptimizerKind kind, String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(kind.configName() + " state: a " + what + " name is '" + name
                    + "', expected a non-blank name");
        }
        return name;
    }

    /** The state arrays, as a new map of copies (sorted by name). */
    @Override
    public Map<String, float[]> arrays() {
        TreeMap<String, float[]> copy = new TreeMap<>();
        arrays.forEach((name, v) -> copy.put(name, v.clone()));
        return Collections.unmodifiableMap(copy);
    }

    /** A copy of the named array, or null if the state has no such array. */
    public float[] array(String name) {
        float[] v = arrays.get(name);
        return v == null ? null : v.clone();
    }

    /** Length of the named array, or -1 if there is none (no copy). */
    public int arrayLength(String name) {
        float[] v = arrays.get(name);
        return v == null ? -1 : v.length;
    }

    /** The names of the state arrays, sorted. */
    public Set<String> arrayNames() {
        return arrays.keySet();
    }

    /** The named hyperparameter. @throws IllegalArgumentException if absent */
    public double hyperparameter(String name) {
        Double v = hyperparameters.get(name);
        if (v == null) {
            throw new IllegalArgumentException(kind.configName() + " state has no hyperparameter " + name
                    + "; it has " + hyperparameters.keySet());
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OptimizerState)) {
            return false;
        }
        OptimizerState s = (OptimizerState) o;
        if (kind != s.kind || step != s.step || !hyperparameters.equals(s.hyperparameters)
                || !schedule.equals(s.schedule) || !arrays.keySet().equals(s.arrays.keySet())) {
            return false;
        }
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            float[] x = e.getValue();
            float[] y = s.arrays.get(e.getKey());
            if (x.length != y.length) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(kind, step, hyperparameters, schedule);
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            h = 31 * h + e.getKey().hashCode();
            h = 31 * h + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    /** A summary without the array contents, e.g. {@code "adam state at step 12 {...}, schedule constant, arrays firstMoment[7850] ..."}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.configName()).append(" state at step ").append(step)
                .append(' ').append(hyperparameters).append(", schedule ").append(schedule).append(", arrays");
        if (arrays.isEmpty()) {
            sb.append(" none");
        }
        arrays.forEach((name, v) -> sb.append(' ').append(name).append('[').append(v.length).append(']'));
        return sb.toString();
    }
}
