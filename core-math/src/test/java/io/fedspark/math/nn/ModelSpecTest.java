package io.fedspark.math.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("line-independent")
class ModelSpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"logreg:784-10", "mlp:784-200-10", "mlp:784-256-128-10", "mlp:5-7-3", "lenet5:1x28x28-10",
        "cnn-small:3x32x32-10", "cnn-small:1x28x28-10", "mlp:784-200-10:act=tanh", "mlp:784-200-10:act=sigmoid:dropout=0.5",
        "mlp:784-128-32:loss=mse", "lenet5:1x28x28-10:act=tanh:dropout=0.25:loss=mse", "logreg:10-1:loss=mse",
        "mlp:20-8-3:dropout=0.1"})
    void parsesAndPrintsBack(String text) {
        ModelSpec spec = ModelSpec.parse(text);
        assertEquals(text, spec.toString());
        assertEquals(spec, ModelSpec.parse(spec.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lenet5|lenet5:1x28x28-10",
        "CNN-Small|cnn-small:3x32x32-10",
        "lenet5:act=tanh|lenet5:1x28x28-10:act=tanh",
        " MLP:784-200-10 : loss = xent : act=RELU : dropout=0 |mlp:784-200-10",
        "mlp:784-200-10:dropout=0.50:act=tanh|mlp:784-200-10:act=tanh:dropout=0.5",
    })
    void writesTheCanonicalForm(String text, String canonical) {
        assertEquals(canonical, ModelSpec.parse(text).toString());
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
        assertEquals(Activation.RELU, spec.activation());
        assertEquals(Loss.SOFTMAX_CROSS_ENTROPY, spec.loss());
        assertEquals(0f, spec.dropout());
    }

    @Test
    void convolutionalSizesMatchThePublishedArchitectures() {
        // LeNet-5 on 28x28 with padding 2: 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706
        ModelSpec lenet = ModelSpec.parse("lenet5");
        assertEquals(new Shape(1, 28, 28), lenet.inputShape());
        assertEquals(784, lenet.inputSize());
        assertEquals(61_706, lenet.parameterCount());
        assertEquals(List.of(400, 120, 84, 10), lenet.widths());
        assertEquals(3, lenet.layerCount());
        // the PyTorch tutorial CNN on CIFAR-10 has 62,006 parameters
        assertEquals(62_006, ModelSpec.parse("cnn-small:3x32x32-10").parameterCount());
        // on 28x28 the features are 16x4x4
        assertEquals(List.of(256, 120, 84, 10), ModelSpec.parse("cnn-small:1x28x28-10").widths());
        assertEquals(156 + 2416 + 256 * 120 + 120 + 10_164 + 850, ModelSpec.parse("cnn-small:1x28x28-10").parameterCount());
        assertEquals(ModelSpec.parse("lenet5:3x32x32-10"), ModelSpec.convolutional(ModelKind.LENET5, new Shape(3, 32, 32), 10));
    }

    @Test
    void withersChangeOneOption() {
        ModelSpec spec = ModelSpec.parse("mlp:784-128-32").withLoss(Loss.MEAN_SQUARED_ERROR).withActivation(Activation.TANH)
                .withDropout(0.2f);
        assertEquals("mlp:784-128-32:act=tanh:dropout=0.2:loss=mse", spec.toString());
        assertEquals("mlp:784-128-32:act=tanh:loss=mse", spec.withDropout(0f).toString());
        assertEquals(ModelSpec.parse("mlp:784-128-32:act=tanh:loss=mse"), spec.withDropout(-0f));
    }

    @Test
    void isSerializable() throws Exception {
        ModelSpec spec = ModelSpec.parse("cnn-small:3x32x32-10:act=tanh:dropout=0.5");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(spec);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(spec, in.readObject());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "mlp:784-x-10#model spec 'mlp:784-x-10': width 'x' is not a positive integer",
        "mlp:784-0-10#model spec 'mlp:784-0-10': width '0' is not a positive integer",
        "mlp:784--10#model spec 'mlp:784--10': width '' is not a positive integer",
        "mlp:784-+5-10#model spec 'mlp:784-+5-10': width '+5' is not a positive integer",
        "mlp:784-99999999999-10#model spec 'mlp:784-99999999999-10': width '99999999999' is not a positive integer",
        "784-10#model spec '784-10': expected <kind>[:<sizes>][:<option>...], e.g. logreg:784-10, mlp:784-200-10 or lenet5:1x28x28-10",
        "cnn:784-10#model spec 'cnn:784-10': unknown kind 'cnn', expected one of logreg, mlp, lenet5, cnn-small",
        "logreg:784-200-10#model spec 'logreg:784-200-10': logreg takes exactly two widths, inputs-classes (e.g. logreg:784-10)",
        "mlp:784-10#model spec 'mlp:784-10': mlp needs at least one hidden layer (e.g. mlp:784-200-10); without one use logreg",
        "logreg:784-1#model spec 'logreg:784-1': the last width is the number of classes and must be at least 2",
        "mlp:100000-100000-10#model spec 'mlp:100000-100000-10' has 10001100010 parameters, more than one Java array can hold",
        "mlp#model spec 'mlp': mlp needs its widths, e.g. mlp:784-200-10",
        "mlp:784#model spec 'mlp:784': mlp needs at least the input size and the output size, e.g. logreg:784-10, mlp:784-200-10 or lenet5:1x28x28-10",
        "mlp:784-200-10:tanh#model spec 'mlp:784-200-10:tanh': option 'tanh' is not <key>=<value>; expected act=relu|tanh|sigmoid, dropout=<p> or loss=xent|mse",
        "mlp:784-200-10:act=elu#model spec 'mlp:784-200-10:act=elu': act 'elu' is not one of relu, tanh, sigmoid",
        "mlp:784-200-10:dropout=1#model spec 'mlp:784-200-10:dropout=1': dropout '1' is not a number in [0, 1)",
        "mlp:784-200-10:dropout=half#model spec 'mlp:784-200-10:dropout=half': dropout 'half' is not a number in [0, 1)",
        "mlp:784-200-10:loss=hinge#model spec 'mlp:784-200-10:loss=hinge': loss 'hinge' is not one of xent, mse",
        "mlp:784-200-10:seed=3#model spec 'mlp:784-200-10:seed=3': unknown option 'seed', expected act, dropout or loss",
        "mlp:784-200-10:act=tanh:act=relu#model spec 'mlp:784-200-10:act=tanh:act=relu': option 'act' is given twice",
        "logreg:784-10:act=tanh#model spec 'logreg:784-10:act=tanh': logreg has no hidden layer, so act= and dropout= do not apply",
        "lenet5:28x28-10#model spec 'lenet5:28x28-10': input shape '28x28' is not <channels>x<height>x<width> (e.g. 1x28x28)",
        "lenet5:1x28x28#model spec 'lenet5:1x28x28': lenet5 takes <channels>x<height>x<width>-<classes>, e.g. lenet5:1x28x28-10",
        "lenet5:1x28x28-120-84-10#model spec 'lenet5:1x28x28-120-84-10': lenet5 takes <channels>x<height>x<width>-<classes>, e.g. lenet5:1x28x28-10",
        "lenet5:1x0x28-10#model spec 'lenet5:1x0x28-10': width '0' is not a positive integer",
        "mlp:1x28x28-200-10#model spec 'mlp:1x28x28-200-10': width '1x28x28' is not a positive integer",
        "lenet5:1x8x8-10#model spec 'lenet5:1x8x8-10': input 1x8x8 is too small: convolution 16@5x5 (padding 0) does not fit input 6x4x4",
        "cnn-small:3x14x14-10#model spec 'cnn-small:3x14x14-10': input 3x14x14 is too small: max pooling 2x2 does not fit input 16x1x1",
    })
    void parseErrorsSayWhatIsWrong(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void errorsFollowTheOrderOfTheSpec() {
        // the kind before the options, the options before the sizes, the sizes before the model's own checks
        assertEquals("model spec 'cnn:784-x:act=elu': unknown kind 'cnn', expected one of logreg, mlp, lenet5, cnn-small",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("cnn:784-x:act=elu")).getMessage());
        assertEquals("model spec 'mlp:784-x-10:act=elu': act 'elu' is not one of relu, tanh, sigmoid",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("mlp:784-x-10:act=elu")).getMessage());
        assertEquals("model spec 'lenet5:1x28-10:dropout=2': dropout '2' is not a number in [0, 1)",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("lenet5:1x28-10:dropout=2"))
                        .getMessage());
        assertEquals("model spec 'lenet5:1x0x28-0': width '0' is not a positive integer",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("lenet5:1x0x28-0")).getMessage());
        assertEquals("model spec 'mlp:784-10:act=tanh': mlp needs at least one hidden layer (e.g. mlp:784-200-10);"
                + " without one use logreg",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("mlp:784-10:act=tanh")).getMessage());
    }

    @Test
    void structuredConstructionValidatesToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ModelSpec(ModelKind.LENET5,
                new Shape(1, 28, 28), List.of(100), 10, Activation.RELU, 0f, Loss.SOFTMAX_CROSS_ENTROPY));
        assertEquals("model spec 'lenet5:1x28x28-10': lenet5 has the fixed dense widths 120-84, got [100]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModelSpec(ModelKind.MLP, new Shape(1, 28, 28),
                List.of(200), 10, Activation.RELU, 0f, Loss.SOFTMAX_CROSS_ENTROPY));
        assertEquals("model spec 'mlp:1x28x28-200-10': mlp takes a flat input size such as 784, not the shape 1x28x28",
                e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSpec.parse("mlp:784-200-10").withDropout(-0.1f))
                .getMessage().contains("dropout -0.1 is not in [0, 1)"));
    }
}
