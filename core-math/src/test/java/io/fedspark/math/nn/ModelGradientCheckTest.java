package io.fedspark.math.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.Blas;
import io.fedspark.math.blas.JavaBlas;
import io.fedspark.math.blas.OpenBlas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole models from specs (CNNs, every activation, dropout with the mask of the call, MSE)
 * against central finite differences of the double-precision {@link ReferenceNetwork}: the
 * weighted loss {@code sum w_i l_i / sum w_i} (one weight 0), its parameter gradient, the input
 * gradient and the per-example losses.
 *
 * <p>Error budget: h = 1e-7 in double; no ReLU input within 1e-5 of 0 and no pooling near-tie
 * within 1e-5 (asserted), which a step of 1e-7 times inputs of O(10) cannot cross. The reference
 * differences are then exact to ~1e-8. Float error of the model: a few roundings per term of
 * sums of up to 150 terms (conv2), compounded over 5 layers, on values of O(1): worst case
 * ~5 * 150 * 2u ~ 1e-4 relative, typically 1e-6. Tolerance 5e-5 + 2e-4 |g|, against O(|g|)
 * errors from any wrong index, mask or scale.
 */
@Tag("line-independent")
class ModelGradientCheckTest {

    private static final double H = 1e-7;
    private static final float[] WEIGHTS = {0.5f, 2f, 0f, 1.5f};
    /** Parameters checked per layer at most, evenly spaced (a full check of LeNet's 10k-weight layer takes seconds). */
    private static final int CHECKS_PER_LAYER = 300;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Blas blas : new Blas[] {JavaBlas.instance(), OpenBlas.load(1)}) {
            for (String spec : new String[] {"lenet5:1x12x12-3", "cnn-small:2x16x17-4:act=tanh",
                "mlp:5-7-6-3:act=sigmoid", "mlp:6-8-3:act=tanh:dropout=0.5", "mlp:5-9-4:dropout=0.3",
                "mlp:5-7-4:loss=mse", "lenet5:1x12x12-5:act=tanh:loss=mse", "logreg:6-3:loss=mse"}) {
                cases.add(Arguments.of(spec, blas));
            }
        }
        return cases.stream();
    }

    private static void assertClose(String what, double expected, double actual) {
        double tol = 5e-5 + 2e-4 * Math.abs(expected);
        if (!(Math.abs(expected - actual) <= tol)) {
            fail(what + ": model " + actual + " vs finite difference " + expected + " (tolerance " + tol + ")");
        }
    }

    /** A model with random biases too, since the initialiser sets them to 0. */
    static Model randomModel(ModelSpec spec, Blas blas, long seed) {
        Model model = Model.create(spec, seed, blas);
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = model.parameters();
        for (Layer layer : model.layers()) {
            int bias = layer instanceof DenseLayer d ? d.biasOffset() : layer instanceof Conv2DLayer c ? c.biasOffset() : -1;
            for (int j = bias; j >= 0 && j < layer.parameterOffset() + layer.parameterCount(); j++) {
                p[j] = (float) (0.3 * r.nextGaussian());
            }
        }
        return model;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void weightedLossGradientAndInputGradientMatchFiniteDifferences(String specText, Blas blas) {
        ModelSpec spec = ModelSpec.parse(specText);
        long seed = specText.hashCode();
        Model model = randomModel(spec, blas, seed);
        model.setTrainingSeed(seed);
        int n = WEIGHTS.length;
        SplittableRandom r = new SplittableRandom(seed + 1);
        FloatMatrix x = new FloatMatrix(n, spec.inputSize());
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) r.nextGaussian();
        }
        boolean mse = spec.loss() == Loss.MEAN_SQUARED_ERROR;
        int[] labels = new int[n];
        FloatMatrix targets = new FloatMatrix(n, spec.outputSize());
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(spec.outputSize());
        }
        for (int i = 0; i < targets.size(); i++) {
            targets.data()[i] = (float) r.nextGaussian();
        }
        float[] grad = new float[model.parameterCount()];
        java.util.Arrays.fill(grad, Float.NaN); // must be overwritten, not accumulated into
        FloatMatrix inputGrad = new FloatMatrix(n, spec.inputSize());
        BatchResult result = mse
                ? model.lossAndGradient(x, targets, WEIGHTS, grad, inputGrad)
                : model.lossAndGradient(x, labels, WEIGHTS, grad, inputGrad);

        List<Layer> layers = model.layers();
        List<Map<Integer, double[]>> masks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<Integer, double[]> m = new HashMap<>();
            for (Layer layer : layers) {
                if (layer instanceof DropoutLayer d) {
                    int size = d.inputShape().size();
                    double[] row = new double[size];
                    for (int j = 0; j < size; j++) {
                        row[j] = d.mask()[i * size + j];
                    }
                    m.put(d.index(), row);
                }
            }
            masks.add(m);
        }
        double[] theta = toDouble(model.parameters());
        double[][] xs = new double[n][];
        for (int i = 0; i < n; i++) {
            xs[i] = toDouble(x.rows(i, 1).toArray());
        }
        ReferenceNetwork ref = new ReferenceNetwork();
        double[] exampleLosses = new double[n];
        DoubleSupplier loss = () -> {
            double num = 0;
            double den = 0;
            for (int i = 0; i < n; i++) {
                double[] out = ref.network(layers, layers.size(), theta, xs[i], masks.get(i));
                exampleLosses[i] = mse ? ReferenceNetwork.squaredError(out, toDouble(targets.rows(i, 1).toArray()))
                        : ReferenceNetwork.crossEntropy(out, labels[i]);
                num += WEIGHTS[i] * exampleLosses[i];
                den += WEIGHTS[i];
            }
            return num / den;
        };
        assertClose("loss", loss.getAsDouble(), result.loss());
        for (int i = 0; i < n; i++) {
            assertClose("loss of example " + i, exampleLosses[i], result.exampleLosses()[i]);
        }
        assertEquals(4.0, result.weightSum(), 0.0);
        assertTrue(ref.minReluMargin > 1e-5, "precondition: no ReLU input within 1e-5 of 0, got " + ref.minReluMargin);
        assertTrue(ref.minPoolGap > 1e-5, "precondition: no near-tie in a pooling window, got " + ref.minPoolGap);

        int checked = 0;
        for (Layer layer : layers) {
            int stride = Math.max(1, layer.parameterCount() / CHECKS_PER_LAYER);
            for (int p = layer.parameterOffset(); p < layer.parameterOffset() + layer.parameterCount(); p += stride) {
                assertClose("dL/dtheta[" + p + "] (" + layer + ")", ReferenceNetwork.derivative(theta, p, loss, H), grad[p]);
                checked++;
            }
        }
        assertTrue(checked >= Math.min(model.parameterCount(), 300), "checked " + checked + " parameters");
        for (int i = 0; i < n; i++) {
            // x_i only moves the term w_i l_i / sum w of L: differentiate that alone (4x fewer passes)
            int row = i;
            DoubleSupplier term = () -> {
                double[] out = ref.network(layers, layers.size(), theta, xs[row], masks.get(row));
                double l = mse ? ReferenceNetwork.squaredError(out, toDouble(targets.rows(row, 1).toArray()))
                        : ReferenceNetwork.crossEntropy(out, labels[row]);
                return WEIGHTS[row] * l / 4.0;
            };
            double[] fd = ReferenceNetwork.gradient(xs[i], term, H);
            for (int j = 0; j < fd.length; j++) {
                assertClose("dL/dx[" + i + "][" + j + "]", fd[j], inputGrad.get(i, j));
                if (WEIGHTS[i] == 0f) {
                    assertEquals(0f, inputGrad.get(i, j), 0f, "an example of weight 0 has no gradient");
                }
            }
        }
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
