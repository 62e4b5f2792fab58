package io.fedspark.math.io;

import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.OptimizerState;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model file holds: the architecture, the flat parameters and, optionally, the optimizer
 * state to resume training with. {@code equals} compares the parameters bit for bit.
 *
 * @param spec the architecture; {@code spec.parameterCount() == parameters.length}
 * @param parameters the flat parameter array (not copied: the record owns it)
 * @param optimizerState the optimizer state saved with the model, if any
 */
public record SavedModel(ModelSpec spec, float[] parameters, Optional<OptimizerState> optimizerState) {

    public SavedModel {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(optimizerState, "optimizerState");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SavedModel)) {
            return false;
        }
        SavedModel m = (SavedModel) o;
        if (!spec.equals(m.spec) || !optimizerState.equals(m.optimizerState)
                || parameters.length != m.parameters.length) {
            return false;
        }
        for (int i = 0; i < parameters.length; i++) {
            if (Float.floatToRawIntBits(parameters[i]) != Float.floatToRawIntBits(m.parameters[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * spec.hashCode() + Arrays.hashCode(parameters)) + optimizerState.hashCode();
    }

    @Override
    public String toString() {
        return "SavedModel " + spec + " with " + parameters.length + " parameters"
                + optimizerState.map(s -> " and " + s).orElse("");
    }
}
