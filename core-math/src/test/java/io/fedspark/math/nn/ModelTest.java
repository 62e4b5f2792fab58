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
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("line-independent")
class ModelTest {

    static Stream<Blas> backends() {
        return Stream.of(JavaBlas.instance(), OpenBlas.load(1));
    }

    /** Labelled points: x ~ N(0, 1)^d, label = argmax of a random linear teacher's scores (top-2 gap >= margin). */
    private record Data(FloatMatrix x, int[] labels) {
    }

    private static Data teacherData(int n, int dim, int classes, long teacherSeed, long pointSeed, float margin) {
        SplittableRandom r = new SplittableRandom(teacherSeed);
        float[][] teacher = new float[classes][dim];
        for (float[] row : teacher) {
            for (int j = 0; j < dim; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        FloatMatrix x = new FloatMatrix(n, dim);
        int[] labels = new int[n];
        SplittableRandom points = new SplittableRandom(pointSeed);
        for (int i = 0; i < n; ) {
            float[] v = new float[dim];
            for (int j = 0; j < dim; j++) {
                v[j] = (float) points.nextGaussian();
            }
            double best = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int c = 0; c < classes; c++) {
                double s = 0;
                for (int j = 0; j < dim; j++) {
                    s += teacher[c][j] * v[j];
                }
                if (s > best) {
                    second = best;
                    best = s;
                    arg = c;
                } else if (s > second) {
                    second = s;
                }
            }
            if (best - second < margin) {
                continue; // keep a margin so that the problem is cleanly separable
            }
            for (int j = 0; j < dim; j++) {
                x.set(i, j, v[j]);
            }
            labels[i] = arg;
            i++;
        }
        return new Data(x, labels);
    }

    private static void train(Model model, Sgd sgd, Data data, int batch, int epochs, long seed) {
        int n = data.x().nrow();
        float[] grad = new float[model.parameterCount()];
        FloatMatrix xb = new FloatMatrix(batch, model.inputSize());
        int[] yb = new int[batch];
        SplittableRandom r = new SplittableRandom(seed);
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int e = 0; e < epochs; e++) {
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start + batch <= n; start += batch) {
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(data.x().data(), order[start + b] * model.inputSize(), xb.data(), b * model.inputSize(),
                            model.inputSize());
                    yb[b] = data.labels()[order[start + b]];
                }
                model.lossAndGradient(xb, yb, null, grad);
                sgd.step(model.parameters(), grad);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sameSeedGivesBitIdenticalParametersAfterTraining(Blas blas) {
        ModelSpec spec = ModelSpec.parse("mlp:20-16-8-3");
        Data data = teacherData(256, 20, 3, 5, 6, 0f);
        SgdOptions options = new SgdOptions(0.05f, 0.9f, 1e-4f, true);
        Model a = Model.create(spec, 1234, blas);
        Model b = Model.create(spec, 1234, blas);
        assertArrayEquals(a.parameters(), b.parameters(), 0f);
        train(a, new Sgd(options), data, 32, 3, 9);
        train(b, new Sgd(options), data, 32, 3, 9);
        assertArrayEquals(a.parameters(), b.parameters(), 0f, "same seed, same backend: identical bit for bit");

        Model c = Model.create(spec, 1235, blas);
        assertFalse(Arrays.equals(a.parameters(), c.parameters()), "another seed gives another model");
    }

    @Test
    void initialisationDependsOnlyOnSeedAndSpecNotOnBackend() {
        ModelSpec spec = ModelSpec.parse("mlp:30-20-10");
        assertArrayEquals(Model.create(spec, 7, JavaBlas.instance()).parameters(),
                Model.create(spec, 7, OpenBlas.load(1)).parameters(), 0f);
    }

    @Test
    void initialisationFollowsHeAndGlorot() {
        Model model = Model.create(ModelSpec.parse("mlp:784-200-10"), 3, JavaBlas.instance());
        assertEquals(159_010, model.parameterCount());
        assertEquals(3, model.layers().size(), "dense, relu, dense");
        DenseLayer hidden = (DenseLayer) model.layers().get(0);
        assertEquals(Activation.RELU, ((ActivationLayer) model.layers().get(1)).activation());
        DenseLayer out = (DenseLayer) model.layers().get(2);
        assertEquals(WeightInit.HE_NORMAL, hidden.init());
        assertEquals(WeightInit.GLOROT_UNIFORM, out.init());
        assertEquals(0, hidden.weightOffset());
        assertEquals(784 * 200, hidden.biasOffset());
        assertEquals(784 * 200 + 200, out.weightOffset());
        float[] p = model.parameters();
        // He normal: sd sqrt(2/784) = 0.0505; the sample sd of 156,800 draws is within 0.2% (1 sigma);
        // allow 2%, and the mean within 5 sigma = 5 * 0.0505 / sqrt(156,800) = 6.4e-4.
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < 784 * 200; i++) {
            sum += p[i];
            sq += (double) p[i] * p[i];
        }
        double mean = sum / (784 * 200);
        assertEquals(0, mean, 6.4e-4);
        assertEquals(Math.sqrt(2.0 / 784), Math.sqrt(sq / (784 * 200) - mean * mean), 0.02 * Math.sqrt(2.0 / 784));
        // Glorot uniform: |w| <= sqrt(6 / 210), and 2000 draws reach within 1% of the bound
        double bound = Math.sqrt(6.0 / 210);
        double max = 0;
        for (int i = out.weightOffset(); i < out.biasOffset(); i++) {
            max = Math.max(max, Math.abs(p[i]));
        }
        assertTrue(max <= bound && max > 0.99 * bound, "max |w| = " + max + ", bound " + bound);
        for (DenseLayer layer : new DenseLayer[] {hidden, out}) {
            for (int j = 0; j < layer.outputSize(); j++) {
                assertEquals(0f, p[layer.biasOffset() + j], "biases start at 0");
            }
        }
    }

    @Test
    void logisticRegressionLearnsASeparableProblem() {
        // same teacher, disjoint point streams for training and test; margin 0.5 makes it separable
        Data train = teacherData(2000, 10, 3, 21, 1, 0.5f);
        Data test = teacherData(1000, 10, 3, 21, 2, 0.5f);
        Model model = Model.create(ModelSpec.parse("logreg:10-3"), 1, JavaBlas.instance());
        double before = model.evaluate(test.x(), test.labels()).accuracy();
        train(model, new Sgd(SgdOptions.plain(0.5f)), train, 32, 5, 2);
        EvalResult result = model.evaluate(test.x(), test.labels());
        assertTrue(result.accuracy() > 0.95, "accuracy " + result.accuracy() + " (before training " + before + ")");
        assertEquals(1000, result.count());
    }

    @Test
    void mlpLearnsANonLinearProblem() {
        // inside the circle of radius 1 -> class 0, outside -> class 1: not linearly separable
        SplittableRandom r = new SplittableRandom(4);
        int n = 2000;
        FloatMatrix x = new FloatMatrix(n, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            float a = (float) (3 * r.nextDouble() - 1.5);
            float b = (float) (3 * r.nextDouble() - 1.5);
            x.set(i, 0, a);
            x.set(i, 1, b);
            labels[i] = a * a + b * b < 1 ? 0 : 1;
        }
        Data data = new Data(x, labels);
        Model mlp = Model.create(ModelSpec.parse("mlp:2-32-2"), 5, OpenBlas.load(1));
        train(mlp, new Sgd(new SgdOptions(0.05f, 0.9f, 0f, false)), data, 32, 40, 6);
        double mlpAccuracy = mlp.evaluate(x, labels).accuracy();
        Model logreg = Model.create(ModelSpec.parse("logreg:2-2"), 5, OpenBlas.load(1));
        train(logreg, new Sgd(new SgdOptions(0.05f, 0.9f, 0f, false)), data, 32, 40, 6);
        double linearAccuracy = logreg.evaluate(x, labels).accuracy();
        assertTrue(mlpAccuracy > 0.95, "mlp accuracy " + mlpAccuracy);
        assertTrue(linearAccuracy < 0.8, "a linear model cannot do this (accuracy " + linearAccuracy + ")");
    }

    @Test
    void chunkedBatchEqualsWeightedCombinationOfItsChunks() {
        // 2500 rows are processed in chunks of 1024; the result must equal the weighted mean of
        // the per-chunk results. Tolerance: float sums over up to 2500 terms of O(0.1) values in a
        // different order: ~ 2500 * 6e-8 * 0.1 ~ 1.5e-5 absolute; allow 1e-4 absolute + 1e-4 relative.
        ModelSpec spec = ModelSpec.parse("mlp:5-7-3");
        Model model = Model.create(spec, 8, JavaBlas.instance());
        Data data = teacherData(2500, 5, 3, 9, 10, 0f);
        float[] w = new float[2500];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextDouble();
        }
        float[] whole = new float[model.parameterCount()];
        BatchResult all = model.lossAndGradient(data.x(), data.labels(), w, whole);

        double[] combined = new double[whole.length];
        double lossSum = 0;
        double weightSum = 0;
        int correct = 0;
        int[] starts = {0, 1024, 2048, 2500};
        for (int c = 0; c < 3; c++) {
            int rows = starts[c + 1] - starts[c];
            float[] g = new float[whole.length];
            BatchResult part = model.lossAndGradient(data.x().rows(starts[c], rows),
                    Arrays.copyOfRange(data.labels(), starts[c], starts[c + 1]),
                    Arrays.copyOfRange(w, starts[c], starts[c + 1]), g);
            for (int i = 0; i < g.length; i++) {
                combined[i] += part.weightSum() * g[i];
            }
            lossSum += part.weightSum() * part.loss();
            weightSum += part.weightSum();
            correct += part.correct();
        }
        for (int i = 0; i < whole.length; i++) {
            assertEquals(combined[i] / weightSum, whole[i], 1e-4 + 1e-4 * Math.abs(whole[i]), "gradient " + i);
        }
        assertEquals(lossSum / weightSum, all.loss(), 1e-5);
        assertEquals(weightSum, all.weightSum(), 1e-3);
        assertEquals(correct, all.correct());
    }

    @Test
    void predictEvaluateAndLossAgree() {
        Model model = Model.create(ModelSpec.parse("mlp:10-12-4"), 2, JavaBlas.instance());
        Data data = teacherData(1500, 10, 4, 3, 4, 0f);
        int[] predicted = model.predict(data.x());
        BatchResult loss = model.loss(data.x(), data.labels(), null);
        EvalResult eval = model.evaluate(data.x(), data.labels());
        assertArrayEquals(predicted, loss.predictions());
        int correct = 0;
        double meanLoss = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == data.labels()[i] ? 1 : 0;
            meanLoss += loss.exampleLosses()[i];
        }
        assertEquals(correct, eval.correct());
        assertEquals((double) correct / 1500, eval.accuracy(), 0.0);
        // float per-example losses summed in a different order: relative 1e-6 is ~10 ulp of the mean
        assertEquals(meanLoss / 1500, eval.loss(), 1e-6 * eval.loss());
        assertEquals(eval.loss(), loss.loss(), 0.0, "unweighted loss() equals evaluate()");
    }

    @Test
    void repeatedCallsGiveIdenticalResults() {
        // reused workspaces must not leak state between calls (different batch sizes in between)
        Model model = Model.create(ModelSpec.parse("mlp:6-5-3"), 4, OpenBlas.load(1));
        Data big = teacherData(40, 6, 3, 1, 2, 0f);
        Data small = teacherData(7, 6, 3, 2, 3, 0f);
        float[] g1 = new float[model.parameterCount()];
        float[] g2 = new float[model.parameterCount()];
        float[] other = new float[model.parameterCount()];
        BatchResult r1 = model.lossAndGradient(small.x(), small.labels(), null, g1);
        model.lossAndGradient(big.x(), big.labels(), null, other);
        BatchResult r2 = model.lossAndGradient(small.x(), small.labels(), null, g2);
        assertArrayEquals(g1, g2, 0f);
        assertEquals(r1.loss(), r2.loss(), 0.0);
    }

    @Test
    void softmaxCrossEntropyIsStableForHugeLogits() {
        // logreg:2-2 with weights +-1000 gives logits of +-1e4: a naive exp overflows to inf/NaN
        Model model = Model.create(ModelSpec.parse("logreg:2-2"), 1, JavaBlas.instance());
        model.setParameters(new float[] {1000f, -1000f, -1000f, 1000f, 0f, 0f});
        FloatMatrix x = FloatMatrix.wrap(new float[] {10f, 0f, 10f, 0f}, 2, 2);
        float[] grad = new float[6];
        BatchResult r = model.lossAndGradient(x, new int[] {0, 1}, null, grad);
        // example 0 is right with margin 2e4 (loss ~ 0), example 1 wrong by 2e4 (loss = 2e4 exactly in float)
        assertEquals(0f, r.exampleLosses()[0], 0f);
        assertEquals(20000f, r.exampleLosses()[1], 0f);
        for (float g : grad) {
            assertTrue(Float.isFinite(g), Arrays.toString(grad));
        }
        assertEquals(1, r.correct());
    }

    @Test
    void inputErrorsNameWhatIsWrong() {
        Model model = Model.create(ModelSpec.parse("logreg:784-10"), 1, JavaBlas.instance());
        float[] grad = new float[model.parameterCount()];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.lossAndGradient(new FloatMatrix(64, 783), new int[64], null, grad));
        assertEquals("lossAndGradient: x is 64 x 783 but model logreg:784-10 expects 784 inputs per row", e.getMessage());
        int[] labels = new int[3];
        labels[2] = 10;
        e = assertThrows(IllegalArgumentException.class,
                () -> model.lossAndGradient(new FloatMatrix(3, 784), labels, null, grad));
        assertEquals("lossAndGradient: label 10 of example 2 is outside [0, 10) for model logreg:784-10", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> model.lossAndGradient(new FloatMatrix(2, 784), new int[2], new float[] {1f, -1f}, grad));
        assertEquals("lossAndGradient: weight -1.0 of example 1 is not a finite non-negative number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> model.lossAndGradient(new FloatMatrix(2, 784), new int[2], new float[] {0f, 0f}, grad));
        assertEquals("lossAndGradient: the example weights sum to 0.0; expected a positive total", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> model.lossAndGradient(new FloatMatrix(2, 784), new int[2], null, new float[7849]));
        assertEquals("lossAndGradient: gradOut has 7849 floats but model logreg:784-10 has 7850 parameters", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.setParameters(new float[3]));
        assertEquals("setParameters: got 3 floats but model logreg:784-10 has 7850 parameters", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.predict(new FloatMatrix(0, 784)));
    }

    @Test
    void setParametersCopiesAndParametersIsLive() {
        Model model = Model.create(ModelSpec.parse("logreg:2-2"), 1, JavaBlas.instance());
        float[] values = {1, 2, 3, 4, 5, 6};
        model.setParameters(values);
        values[0] = 100;
        assertEquals(1f, model.parameters()[0], "setParameters copies");
        model.parameters()[0] = 9;
        assertEquals(9f, model.copy().parameters()[0], "parameters() is the live array");
        Model copy = model.copy();
        copy.parameters()[1] = -1;
        assertEquals(2f, model.parameters()[1], "copy() is independent");

        float[] broadcast = {6, 5, 4, 3, 2, 1};
        Model restored = Model.fromParameters(ModelSpec.parse("logreg:2-2"), broadcast, JavaBlas.instance());
        broadcast[0] = 0;
        assertEquals(6f, restored.parameters()[0], "fromParameters copies");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Model.fromParameters(ModelSpec.parse("logreg:2-3"), new float[6], JavaBlas.instance()));
        assertEquals("setParameters: got 6 floats but model logreg:2-3 has 9 parameters", e.getMessage());
    }
}
