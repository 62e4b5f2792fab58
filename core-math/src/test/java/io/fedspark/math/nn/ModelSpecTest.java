package io.fedspark.math.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelSpecTest {

    @ParameterizedTest
    @CsvSource({"logreg:784-10", "mlp:784-200-10", "mlp:784-256-128-10", "mlp:5-7-3"})
    void parsesAndPrintsBack(String text) {
        assertEquals(text, ModelSpec.parse(text).toString());
    }

    @Test
    void exposesSizes() {
        ModelSpec spec = ModelSpec.parse(" MLP:784-200-10 ");
        assertEquals(ModelKind.MLP, spec.kind());
        assertEquals(List.of(784, 200, 10), spec.widths());
        assertEquals(784, spec.inputSize());
        assertEquals(10, spec.outputSize());
        assertEquals(2, spec.layerCount());
        assertEquals(784 * 200 + 200 + 200 * 10 + 10, spec.parameterCount());
        assertEquals(7850, ModelSpec.parse("logreg:784-10").parameterCount());
        assertEquals(ModelSpec.parse("mlp:784-200-10"), ModelSpec.of(ModelKind.MLP, 784, 200, 10));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mlp:784-x-10|model spec 'mlp:784-x-10': width 'x' is not a positive integer",
        "mlp:784-0-10|model spec 'mlp:784-0-10': width '0' is not a positive integer",
        "mlp:784--10|model spec 'mlp:784--10': width '' is not a positive integer",
        "mlp:784-+5-10|model spec 'mlp:784-+5-10': width '+5' is not a positive integer",
        "mlp:784-99999999999-10|model spec 'mlp:784-99999999999-10': width '99999999999' is not a positive integer",
        "784-10|model spec '784-10': expected <kind>:<widths>, e.g. logreg:784-10 or mlp:784-200-10",
        "cnn:784-10|model spec 'cnn:784-10': unknown kind 'cnn', expected one of logreg, mlp",
        "logreg:784-200-10|model spec 'logreg:784-200-10': logreg takes exactly two widths, inputs-classes (e.g. logreg:784-10)",
        "mlp:784-10|model spec 'mlp:784-10': mlp needs at least one hidden layer (e.g. mlp:784-200-10); without one use logreg",
        "logreg:784-1|model spec 'logreg:784-1': the last width is the number of classes and must be at least 2",
        "mlp:100000-100000-10|model spec 'mlp:100000-100000-10' has 10001100010 parameters, more than one Java array can hold",
    })
    void parseErrorsSayWhatIsWrong(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(text));
        assertEquals(message, e.getMessage());
    }
}
