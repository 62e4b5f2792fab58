package io.fedspark.math.optim;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading options records back from the named numbers of an {@link OptimizerState}: the names
 * must be exactly the expected ones, and each value must be a float (or a 0/1 flag) exactly.
 */
final class Hyperparameters {

    private final Map<String, Double> values;
    private final String source;

    private Hyperparameters(Map<String, Double> values, String source) {
        this.values = values;
        this.source = source;
    }

    /** Checks that {@code values} has exactly the {@code expected} names. */
    static Hyperparameters of(Map<String, Double> values, String source, Set<String> expected) {
        if (!values.keySet().equals(expected)) {
            throw new IllegalArgumentException(source + ": hyperparameters are " + values.keySet() + ", expected "
                    + new TreeSet<>(expected));
        }
        return new Hyperparameters(values, source);
    }

    float floatValue(String name) {
        double v = values.get(name);
        if ((float) v != v) {
            throw new IllegalArgumentException(source + ": hyperparameter " + name + " is " + v
                    + ", expected a single-precision value");
        }
        return (float) v;
    }

    double doubleValue(String name) {
        return values.get(name);
    }

    boolean flag(String name) {
        double v = values.get(name);
        if (v != 0 && v != 1) {
            throw new IllegalArgumentException(source + ": hyperparameter " + name + " is " + v
                    + ", expected 0 (false) or 1 (true)");
        }
        return v == 1;
    }
}
