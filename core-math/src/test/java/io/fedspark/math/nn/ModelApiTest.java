package io.fedspark.math.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.Blas;
import io.fedspark.math.blas.JavaBlas;
import io.fedspark.math.blas.OpenBlas;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.optim.SgdOptions;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The model API beyond lossAndGradient: outputs, features, backpropagation, norms, dropout, layouts. */
@Tag("line-independent")
class ModelApiTest {

    static Stream<Blas> backends() {
        return Stream.of(JavaBlas.instance(), OpenBlas.load(1));
    }

    private static FloatMatrix gaussian(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        FloatMatrix x = new FloatMatrix(rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static int[] labels(int n, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] y = new int[n];
        Arrays.setAll(y, i -> r.nextInt(classes));
        return y;
    }

    @Test
    void lenet5LayersAndParameterLayout() {
        Model model = Model.create(ModelSpec.parse("lenet5"), 1, JavaBlas.instance());
        List<Layer> layers = model.layers();
        List<Class<?>> kinds = layers.stream().<Class<?>>map(Object::getClass).toList();
        assertEquals(List.of(Conv2DLayer.class, ActivationLayer.class, MaxPool2DLayer.class, Conv2DLayer.class,
                ActivationLayer.class, MaxPool2DLayer.class, FlattenLayer.class, DenseLayer.class, ActivationLayer.class,
                DenseLayer.class, ActivationLayer.class, DenseLayer.class), kinds);
        Conv2DLayer conv1 = (Conv2DLayer) layers.get(0);
        assertEquals(2, conv1.padding());
        assertEquals(new Shape(6, 28, 28), conv1.outputShape());
        assertEquals(new Shape(16, 5, 5), layers.get(5).outputShape());
        DenseLayer fc1 = (DenseLayer) layers.get(7);
        assertEquals(156 + 2416, fc1.weightOffset());
        assertEquals(fc1.weightOffset() + 400 * 120, fc1.biasOffset());
        DenseLayer fc3 = (DenseLayer) layers.get(11);
        assertEquals(61_706, fc3.biasOffset() + 10);
        assertEquals(84, model.featureSize());
        int expectedOffset = 0;
        for (Layer layer : layers) {
            assertEquals(expectedOffset, layer.parameterOffset(), "layers tile the flat array in order: " + layer);
            expectedOffset += layer.parameterCount();
            assertEquals(layer.index(), layers.indexOf(layer));
        }
        assertEquals(model.parameterCount(), expectedOffset);
    }

    @Test
    void initialisationDependsOnlyOnSeedAndSpec() {
        ModelSpec spec = ModelSpec.parse("cnn-small:1x16x16-4");
        float[] java = Model.create(spec, 7, JavaBlas.instance()).parameters();
        assertArrayEquals(java, Model.create(spec, 7, OpenBlas.load(1)).parameters(), 0f);
        assertFalse(Arrays.equals(java, Model.create(spec, 8, JavaBlas.instance()).parameters()));
        // the dense layers of an MLP are drawn exactly as before convolutions existed: stream l for dense layer l
        Model mlp = Model.create(ModelSpec.parse("mlp:4-3-2"), 5, JavaBlas.instance());
        SplittableRandom r = io.fedspark.math.random.SeedSequence.root(5).derive("model-init/dense", 1).random();
        double a = Math.sqrt(6.0 / 5);
        assertEquals((float) ((2 * r.nextDouble() - 1) * a), mlp.parameters()[4 * 3 + 3], 0f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp:6-5-3", "lenet5:1x12x12-4", "logreg:6-3"})
    void forwardFeaturesPredictAndLossAgree(String text) {
        ModelSpec spec = ModelSpec.parse(text);
        Model model = Model.create(spec, 3, OpenBlas.load(1));
        FloatMatrix x = gaussian(2100, spec.inputSize(), 4); // more rows than one chunk
        int[] y = labels(2100, spec.outputSize(), 5);
        FloatMatrix out = model.forward(x);
        assertEquals(2100, out.nrow());
        assertEquals(spec.outputSize(), out.ncol());
        FloatMatrix features = model.features(x);
        assertEquals(model.featureSize(), features.ncol());
        BatchResult loss = model.loss(x, y, null);
        assertArrayEquals(model.predict(x), loss.predictions());
        // the output is the last dense layer applied to the features
        DenseLayer last = (DenseLayer) model.layers().get(model.layers().size() - 1);
        FloatMatrix again = new FloatMatrix(2100, spec.outputSize());
        last.forward(features, again, model.parameters(), false);
        assertArrayEquals(out.toArray(), again.toArray(), 0f);
        if (spec.kind() == ModelKind.LOGREG) {
            assertArrayEquals(x.toArray(), features.toArray(), 0f, "logreg's features are its input");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void backpropagateOfTheLossGradientEqualsLossAndGradient(Blas blas) {
        ModelSpec spec = ModelSpec.parse("lenet5:1x12x12-3:loss=mse");
        Model model = ModelGradientCheckTest.randomModel(spec, blas, 9);
        FloatMatrix x = gaussian(5, spec.inputSize(), 10);
        FloatMatrix t = gaussian(5, 3, 11);
        float[] g1 = new float[model.parameterCount()];
        FloatMatrix dx1 = new FloatMatrix(5, spec.inputSize());
        model.lossAndGradient(x, t, null, g1, dx1);
        // dL/dY of the mean squared error, computed as MeanSquaredError does
        FloatMatrix y = model.forward(x);
        FloatMatrix dy = new FloatMatrix(5, 3);
        float scale = (float) (2.0 * 1f / (5.0 * 3));
        for (int i = 0; i < dy.size(); i++) {
            dy.data()[i] = scale * (y.data()[i] - t.data()[i]);
        }
        float[] g2 = new float[model.parameterCount()];
        FloatMatrix dx2 = new FloatMatrix(5, spec.inputSize());
        model.backpropagate(x, dy, g2, dx2);
        assertArrayEquals(g1, g2, 0f, "the same products in the same order");
        assertArrayEquals(dx1.toArray(), dx2.toArray(), 0f);

        // features: the chain rule through the last dense layer, dL/dF = dL/dY W^T
        DenseLayer head = (DenseLayer) model.layers().get(model.layers().size() - 1);
        FloatMatrix df = new FloatMatrix(5, model.featureSize());
        blas.gemm(false, true, 1f, dy, head.weights(model.parameters()), 0f, df);
        float[] g3 = new float[model.parameterCount()];
        Arrays.fill(g3, Float.NaN);
        FloatMatrix dx3 = new FloatMatrix(5, spec.inputSize());
        model.backpropagateFeatures(x, df, g3, dx3);
        for (int p = 0; p < g3.length; p++) {
            if (p >= head.parameterOffset()) {
                assertEquals(0f, g3[p], "the head gets no gradient");
            } else {
                assertEquals(g1[p], g3[p], 1e-6f + 1e-5f * Math.abs(g1[p]), "parameter " + p);
            }
        }
        assertArrayEquals(dx1.toArray(), dx3.toArray(), 1e-5f);
        model.backpropagate(x, dy, null, dx2); // input gradient only
        assertArrayEquals(dx1.toArray(), dx2.toArray(), 0f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp:6-5-4-3", "lenet5:1x12x12-4", "cnn-small:2x16x16-3:act=tanh", "mlp:6-5-2:loss=mse"})
    void exampleGradientNormsAreTheNormsOfSingleExampleGradients(String text) {
        ModelSpec spec = ModelSpec.parse(text);
        Model model = ModelGradientCheckTest.randomModel(spec, OpenBlas.load(1), 12);
        int n = 6;
        FloatMatrix x = gaussian(n, spec.inputSize(), 13);
        int[] y = labels(n, spec.outputSize(), 14);
        FloatMatrix t = gaussian(n, spec.outputSize(), 15);
        boolean mse = spec.loss() == Loss.MEAN_SQUARED_ERROR;
        float[] norms = mse ? model.exampleGradientNorms(x, t) : model.exampleGradientNorms(x, y);
        float[] g = new float[model.parameterCount()];
        for (int i = 0; i < n; i++) {
            if (mse) {
                model.lossAndGradient(x.rows(i, 1), t.rows(i, 1), null, g);
            } else {
                model.lossAndGradient(x.rows(i, 1), new int[] {y[i]}, null, g);
            }
            double sq = 0;
            for (float v : g) {
                sq += (double) v * v;
            }
            // two float computations of the same sum of squares (~1e4 terms): relative 1e-4
            assertEquals(Math.sqrt(sq), norms[i], 1e-4 * Math.sqrt(sq), "example " + i);
            assertTrue(norms[i] > 0);
        }
    }

    @Test
    void dropoutMasksFollowTheTrainingSeed() {
        ModelSpec spec = ModelSpec.parse("mlp:8-16-3:dropout=0.5");
        Model a = Model.create(spec, 1, JavaBlas.instance());
        FloatMatrix x = gaussian(10, 8, 2);
        int[] y = labels(10, 3, 3);
        float[] g1 = new float[a.parameterCount()];
        float[] g2 = new float[a.parameterCount()];
        a.setTrainingSeed(42);
        BatchResult r1 = a.lossAndGradient(x, y, null, g1);
        BatchResult r2 = a.lossAndGradient(x, y, null, g2);
        assertFalse(Arrays.equals(g1, g2), "the second call draws another mask");
        a.setTrainingSeed(42);
        float[] g3 = new float[a.parameterCount()];
        assertEquals(r1.loss(), a.lossAndGradient(x, y, null, g3).loss(), 0.0);
        assertArrayEquals(g1, g3, 0f, "the same seed and call count give the same mask");
        assertTrue(r1.loss() != r2.loss());
        // inference has no dropout: loss() is deterministic and differs from the training losses
        assertEquals(a.loss(x, y, null).loss(), a.loss(x, y, null).loss(), 0.0);
        Model fresh = Model.fromParameters(spec, a.parameters(), JavaBlas.instance());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fresh.lossAndGradient(x, y, null, g1));
        assertEquals("lossAndGradient: model mlp:8-16-3:dropout=0.5 has dropout but no training seed; call"
                + " setTrainingSeed(seed) first (models from fromParameters start without one)", e.getMessage());
        fresh.setTrainingSeed(42);
        float[] g4 = new float[a.parameterCount()];
        fresh.lossAndGradient(x, y, null, g4);
        assertArrayEquals(g1, g4, 0f, "a model rebuilt from parameters and seed repeats the mask");
        Model.fromParameters(ModelSpec.parse("mlp:8-16-3"), a.parameters(), JavaBlas.instance())
                .lossAndGradient(x, y, null, g1); // without dropout no seed is needed
    }

    /** Trains a few epochs of minibatch SGD (momentum, weight decay) with a seeded shuffle. */
    private static float[] train(ModelSpec spec, long seed, Blas blas) {
        Model model = Model.create(spec, seed, blas);
        FloatMatrix x = gaussian(96, spec.inputSize(), seed + 1);
        int[] y = labels(96, spec.outputSize(), seed + 2);
        Sgd sgd = new Sgd(new SgdOptions(0.05f, 0.9f, 5e-4f, false));
        float[] grad = new float[model.parameterCount()];
        SplittableRandom r = new SplittableRandom(seed + 3);
        FloatMatrix xb = new FloatMatrix(16, spec.inputSize());
        int[] yb = new int[16];
        for (int step = 0; step < 18; step++) {
            for (int b = 0; b < 16; b++) {
                int i = r.nextInt(96);
                System.arraycopy(x.data(), i * spec.inputSize(), xb.data(), b * spec.inputSize(), spec.inputSize());
                yb[b] = y[i];
            }
            model.lossAndGradient(xb, yb, null, grad);
            sgd.step(model.parameters(), grad);
        }
        return model.parameters();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sameSeedGivesBitIdenticalParametersForEveryArchitecture(Blas blas) {
        for (String text : new String[] {"lenet5:1x12x12-3", "cnn-small:1x16x16-3:dropout=0.3",
            "mlp:10-12-3:act=sigmoid:dropout=0.5"}) {
            ModelSpec spec = ModelSpec.parse(text);
            float[] first = train(spec, 21, blas);
            assertArrayEquals(first, train(spec, 21, blas), 0f, text + ": same seed, same backend, identical bits");
            assertFalse(Arrays.equals(first, train(spec, 22, blas)), text + ": another seed, another model");
        }
    }

    @Test
    void regressionWithMseLearnsALinearMap() {
        // targets t = x A for a fixed 6 x 2 matrix A; an MSE MLP must fit them far better than predicting 0
        ModelSpec spec = ModelSpec.parse("mlp:6-32-2:loss=mse");
        Model model = Model.create(spec, 4, JavaBlas.instance());
        FloatMatrix x = gaussian(512, 6, 5);
        FloatMatrix a = gaussian(6, 2, 6);
        FloatMatrix t = new FloatMatrix(512, 2);
        JavaBlas.instance().gemm(false, false, 1f, x, a, 0f, t);
        double before = model.loss(x, t, null).loss();
        Sgd sgd = new Sgd(new SgdOptions(0.02f, 0.9f, 0f, false));
        float[] grad = new float[model.parameterCount()];
        for (int epoch = 0; epoch < 30; epoch++) {
            for (int s = 0; s < 512; s += 32) {
                model.lossAndGradient(x.rows(s, 32), t.rows(s, 32), null, grad);
                sgd.step(model.parameters(), grad);
            }
        }
        BatchResult after = model.loss(x, t, null);
        assertTrue(after.loss() < 0.02 * before, "mse " + after.loss() + " (before " + before + ")");
        assertEquals(0, after.correct(), "no labels, nothing is counted correct");
    }

    @Test
    void errorsNameTheLossAndTheShapes() {
        Model mse = Model.create(ModelSpec.parse("mlp:4-5-2:loss=mse"), 1, JavaBlas.instance());
        float[] g = new float[mse.parameterCount()];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mse.lossAndGradient(new FloatMatrix(3, 4), new int[3], null, g));
        assertEquals("lossAndGradient: model mlp:4-5-2:loss=mse is trained with loss=mse, which needs float targets"
                + " (the FloatMatrix overload), not class labels", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> mse.lossAndGradient(new FloatMatrix(3, 4), new FloatMatrix(3, 3), null, g));
        assertEquals("lossAndGradient: x is 3 x 4 but targets is 3 x 3; model mlp:4-5-2:loss=mse expects 3 x 2",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> mse.evaluate(new FloatMatrix(3, 4), new int[3]));
        Model xent = Model.create(ModelSpec.parse("lenet5:1x12x12-3"), 1, JavaBlas.instance());
        e = assertThrows(IllegalArgumentException.class, () -> xent.loss(new FloatMatrix(2, 4), new FloatMatrix(2, 3), null));
        assertEquals("loss: model lenet5:1x12x12-3 is trained with loss=xent, which needs class labels (the int[]"
                + " overload), not float targets", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> xent.predict(new FloatMatrix(2, 143)));
        assertEquals("forward: x is 2 x 143 but model lenet5:1x12x12-3 expects 144 inputs per row (1x12x12, NCHW)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> xent.backpropagate(new FloatMatrix(2, 144), new FloatMatrix(2, 4), null, null));
        assertEquals("backpropagate: the output gradient is 2 x 4, expected 2 x 3", e.getMessage());
    }
}
