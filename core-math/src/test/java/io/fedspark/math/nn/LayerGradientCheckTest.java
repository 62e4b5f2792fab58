package io.fedspark.math.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer type on its own, against central finite differences of the double-precision
 * {@link ReferenceNetwork}: for the scalar {@code L = sum_ij R_ij Y_ij} with a random {@code R},
 * {@code backward(G = R)} must give {@code dL/dtheta} and {@code dL/dX}.
 *
 * <p>Error budget: the reference's central differences (h = 1e-6, double) are exact to ~1e-9
 * (truncation h^2 |L'''|, cancellation 1e-16 / h), given that no ReLU input or pooling maximum is
 * within 1e-4 of a kink, which each test asserts. The float layer's error is at most a few
 * roundings (u = 6e-8) per term of its longest sum: a conv weight gradient sums
 * batch * positions <= 3 * 64 products of O(1) values, so |error| <= 192 * 2u * |terms| ~ 2.3e-5
 * at worst and ~1e-6 typically. Tolerance 1e-4 + 1e-4 |g|: above that worst case, and far below
 * what a wrong index, stride, padding or mask does (O(1) errors).
 */
@Tag("line-independent")
class LayerGradientCheckTest {

    private static final double H = 1e-6;
    private static final int ROWS = 3;

    static Stream<Blas> backends() {
        return Stream.of(JavaBlas.instance(), OpenBlas.load(1));
    }

    private static void assertClose(String what, double expected, double actual) {
        double tol = 1e-4 + 1e-4 * Math.abs(expected);
        if (!(Math.abs(expected - actual) <= tol)) {
            fail(what + ": layer " + actual + " vs finite difference " + expected + " (tolerance " + tol + ")");
        }
    }

    /** Checks forward values, dL/dtheta and dL/dX of {@code layer} on random inputs. */
    private static void check(Layer layer, long seed, boolean training, Map<Integer, double[][]> masksByRow) {
        SplittableRandom r = new SplittableRandom(seed);
        int in = layer.inputShape().size();
        int out = layer.outputShape().size();
        float[] params = new float[layer.parameterOffset() + layer.parameterCount() + 3]; // 3 floats of slack after
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (0.5 * r.nextGaussian());
        }
        FloatMatrix x = new FloatMatrix(ROWS, in);
        FloatMatrix g = new FloatMatrix(ROWS, out);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < g.size(); i++) {
            g.data()[i] = (float) r.nextGaussian();
        }
        FloatMatrix y = new FloatMatrix(ROWS, out);
        layer.forward(x, y, params, training);
        float[] grad = new float[params.length];
        java.util.Arrays.fill(grad, Float.NaN); // this layer's range must be overwritten, the rest untouched
        FloatMatrix dx = new FloatMatrix(ROWS, in);
        dx.fill(Float.NaN);
        layer.backward(x, y, g, dx, params, grad, false);

        // after the drop mask was read, build the reference from copies of the inputs
        Map<Integer, double[]>[] masks = rowMasks(masksByRow);
        double[] theta = toDouble(params);
        double[][] xs = new double[ROWS][];
        for (int i = 0; i < ROWS; i++) {
            xs[i] = toDouble(x.rows(i, 1).toArray());
        }
        ReferenceNetwork ref = new ReferenceNetwork();
        List<Layer> layers = List.of(layer);
        java.util.function.DoubleSupplier loss = () -> {
            double s = 0;
            for (int i = 0; i < ROWS; i++) {
                double[] yi = ref.layer(layer, theta, xs[i], masks[i].get(layer.index()));
                for (int j = 0; j < out; j++) {
                    s += g.get(i, j) * yi[j];
                }
            }
            return s;
        };
        for (int i = 0; i < ROWS; i++) {
            double[] yi = ref.network(layers, 1, theta, xs[i], masks[i]);
            for (int j = 0; j < out; j++) {
                assertClose("Y[" + i + "][" + j + "]", yi[j], y.get(i, j));
            }
        }
        assertTrue(ref.minReluMargin > 1e-4, "precondition: no ReLU input within 1e-4 of 0, got " + ref.minReluMargin);
        assertTrue(ref.minPoolGap > 1e-4, "precondition: no near-tie in a pooling window, got " + ref.minPoolGap);
        int from = layer.parameterOffset();
        int to = from + layer.parameterCount();
        for (int p = 0; p < params.length; p++) {
            if (p >= from && p < to) {
                assertClose("dL/dtheta[" + p + "] of " + layer, ReferenceNetwork.derivative(theta, p, loss, H), grad[p]);
            } else {
                assertTrue(Float.isNaN(grad[p]), "gradient outside the layer's range " + p + " was written");
            }
        }
        for (int i = 0; i < ROWS; i++) {
            double[] fd = ReferenceNetwork.gradient(xs[i], loss, H);
            for (int j = 0; j < in; j++) {
                assertClose("dL/dX[" + i + "][" + j + "] of " + layer, fd[j], dx.get(i, j));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, double[]>[] rowMasks(Map<Integer, double[][]> byLayer) {
        Map<Integer, double[]>[] rows = new Map[ROWS];
        for (int i = 0; i < ROWS; i++) {
            rows[i] = new HashMap<>();
            for (Map.Entry<Integer, double[][]> e : byLayer.entrySet()) {
                rows[i].put(e.getKey(), e.getValue()[i]);
            }
        }
        return rows;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void dense(Blas blas) {
        check(new DenseLayer(0, 5, 4, 2, WeightInit.HE_NORMAL, blas), 1, true, Map.of());
    }

    static Stream<Arguments> convolutions() {
        List<Arguments> cases = new ArrayList<>();
        for (Blas blas : new Blas[] {JavaBlas.instance(), OpenBlas.load(1)}) {
            // input shape, filters, kernel, stride, padding, patch budget (tiny: one example per block)
            cases.add(Arguments.of(new Shape(2, 7, 6), 3, 3, 1, 0, Conv2DLayer.PATCH_BUDGET, blas));
            cases.add(Arguments.of(new Shape(1, 8, 8), 2, 3, 2, 1, Conv2DLayer.PATCH_BUDGET, blas));
            cases.add(Arguments.of(new Shape(3, 5, 5), 4, 5, 1, 2, Conv2DLayer.PATCH_BUDGET, blas));
            cases.add(Arguments.of(new Shape(2, 9, 7), 2, 3, 2, 0, 1, blas));
            cases.add(Arguments.of(new Shape(1, 6, 7), 3, 2, 3, 1, 1, blas));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}@{2}x{2}/{3} pad {4}, budget {5}, {6}")
    @MethodSource("convolutions")
    void convolution(Shape input, int filters, int kernel, int stride, int padding, int budget, Blas blas) {
        Conv2DLayer conv = new Conv2DLayer(0, input, filters, kernel, stride, padding, 1, WeightInit.HE_NORMAL, blas,
                budget);
        check(conv, input.hashCode(), true, Map.of());
    }

    @Test
    void convolutionShapesAndLayout() {
        Conv2DLayer conv = new Conv2DLayer(0, new Shape(3, 32, 32), 6, 5, 1, 0, 10, WeightInit.HE_NORMAL, null);
        assertEquals(new Shape(6, 28, 28), conv.outputShape());
        assertEquals(6 * 3 * 25 + 6, conv.parameterCount());
        assertEquals(10 + 6 * 75, conv.biasOffset());
        assertEquals(new Shape(2, 4, 4),
                new Conv2DLayer(0, new Shape(1, 8, 8), 2, 3, 2, 1, 0, WeightInit.HE_NORMAL, null).outputShape());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void convolutionGivesTheSameResultInOneOrManyBlocks(Blas blas) {
        Shape in = new Shape(2, 9, 8);
        Conv2DLayer one = new Conv2DLayer(0, in, 3, 3, 1, 1, 0, WeightInit.HE_NORMAL, blas);
        Conv2DLayer many = new Conv2DLayer(0, in, 3, 3, 1, 1, 0, WeightInit.HE_NORMAL, blas, 1);
        SplittableRandom r = new SplittableRandom(5);
        float[] params = new float[one.parameterCount()];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) r.nextGaussian();
        }
        FloatMatrix x = new FloatMatrix(7, in.size());
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) r.nextGaussian();
        }
        FloatMatrix y1 = new FloatMatrix(7, one.outputShape().size());
        FloatMatrix y2 = new FloatMatrix(7, one.outputShape().size());
        one.forward(x, y1, params, true);
        many.forward(x, y2, params, true);
        // each output element is the same dot product in both: identical bits
        assertArrayEquals(y1.toArray(), y2.toArray(), 0f);
        float[] g1 = new float[params.length];
        float[] g2 = new float[params.length];
        FloatMatrix d1 = new FloatMatrix(7, in.size());
        FloatMatrix d2 = new FloatMatrix(7, in.size());
        one.backward(x, y1, y1, d1, params, g1, false);
        many.backward(x, y2, y2, d2, params, g2, false);
        // the weight gradient sums 7 blocks instead of one GEMM: float sums of ~500 O(10) terms in another order
        assertArrayEquals(g1, g2, 1e-3f);
        assertArrayEquals(d1.toArray(), d2.toArray(), 0f, "input gradients are per example: identical");
    }

    @Test
    void maxPooling() {
        check(new MaxPool2DLayer(0, new Shape(2, 6, 6), 2, 2, 0), 11, true, Map.of());
        check(new MaxPool2DLayer(0, new Shape(1, 7, 7), 3, 2, 0), 12, true, Map.of());
        check(new MaxPool2DLayer(0, new Shape(3, 5, 4), 2, 1, 0), 13, true, Map.of());
        assertEquals(new Shape(6, 14, 14), new MaxPool2DLayer(0, new Shape(6, 28, 28), 2, 2, 0).outputShape());
        assertEquals(new Shape(16, 2, 2), new MaxPool2DLayer(0, new Shape(16, 5, 5), 2, 2, 0).outputShape(),
                "floor: the last row and column of an odd side are dropped");
    }

    @Test
    void maxPoolingRoutesTheGradientToTheFirstMaximumOnTies() {
        MaxPool2DLayer pool = new MaxPool2DLayer(0, new Shape(1, 2, 2), 2, 2, 0);
        FloatMatrix x = FloatMatrix.wrap(new float[] {0f, 3f, 3f, 1f}, 1, 4);
        FloatMatrix y = new FloatMatrix(1, 1);
        pool.forward(x, y, new float[0], false);
        assertEquals(3f, y.get(0, 0));
        FloatMatrix dx = new FloatMatrix(1, 4);
        pool.backward(x, y, FloatMatrix.wrap(new float[] {2f}, 1, 1), dx, new float[0], null, false);
        assertArrayEquals(new float[] {0f, 2f, 0f, 0f}, dx.toArray(), 0f);
    }

    @Test
    void flatten() {
        FlattenLayer flatten = new FlattenLayer(0, new Shape(2, 3, 2), 0);
        assertEquals(Shape.flat(12), flatten.outputShape());
        check(flatten, 21, true, Map.of());
    }

    @Test
    void activations() {
        for (Activation a : Activation.values()) {
            check(new ActivationLayer(0, new Shape(2, 3, 3), a, 0), 31 + a.ordinal(), true, Map.of());
        }
    }

    @Test
    void reluPassesTheGradientExactlyWhereTheOutputIsPositive() {
        ActivationLayer relu = new ActivationLayer(0, Shape.flat(7), Activation.RELU, 0);
        FloatMatrix out = FloatMatrix.wrap(new float[] {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 2f, -3f,
            Float.POSITIVE_INFINITY}, 1, 7);
        FloatMatrix g = FloatMatrix.wrap(new float[] {1f, 2f, 3f, 4f, -5f, 6f, 7f}, 1, 7);
        FloatMatrix d = new FloatMatrix(1, 7);
        relu.backward(out, out, g, d, new float[0], null, false);
        assertArrayEquals(new float[] {0f, 0f, 3f, 0f, -5f, 0f, 7f}, d.toArray(), 0f);
    }

    @Test
    void activationsSaturateWithoutNaN() {
        FloatMatrix x = FloatMatrix.wrap(new float[] {-1e4f, -200f, 0f, 200f, 1e4f}, 1, 5);
        FloatMatrix y = new FloatMatrix(1, 5);
        new ActivationLayer(0, Shape.flat(5), Activation.SIGMOID, 0).forward(x, y, new float[0], false);
        assertArrayEquals(new float[] {0f, 0f, 0.5f, 1f, 1f}, y.toArray(), 0f);
        new ActivationLayer(0, Shape.flat(5), Activation.TANH, 0).forward(x, y, new float[0], false);
        assertArrayEquals(new float[] {-1f, -1f, 0f, 1f, 1f}, y.toArray(), 0f);
    }

    @Test
    void dropoutWithAFixedMask() {
        Shape shape = new Shape(2, 2, 3);
        DropoutLayer dropout = new DropoutLayer(0, shape, 0.4f, 0);
        dropout.beginTrainingPass(new SplittableRandom(77));
        // the mask the layer will draw: the same stream, element by element
        SplittableRandom replay = new SplittableRandom(77);
        double[][] mask = new double[ROWS][shape.size()];
        int dropped = 0;
        for (double[] row : mask) {
            for (int j = 0; j < row.length; j++) {
                row[j] = replay.nextFloat() < 0.4f ? 0 : 1 / (1 - 0.4f);
                dropped += row[j] == 0 ? 1 : 0;
            }
        }
        assertTrue(dropped > 0 && dropped < ROWS * shape.size(), "the mask drops some but not all");
        check(dropout, 41, true, Map.of(0, mask));
    }

    @Test
    void dropoutIsTheIdentityAtInference() {
        DropoutLayer dropout = new DropoutLayer(0, Shape.flat(4), 0.5f, 0);
        FloatMatrix x = FloatMatrix.wrap(new float[] {1f, -2f, 3f, 4f}, 1, 4);
        FloatMatrix y = new FloatMatrix(1, 4);
        dropout.forward(x, y, new float[0], false);
        assertArrayEquals(x.toArray(), y.toArray(), 0f);
        dropout.beginTrainingPass(new SplittableRandom(1));
        FloatMatrix big = new FloatMatrix(1, 10_000).fill(1f);
        FloatMatrix out = new FloatMatrix(1, 10_000);
        dropout.forward(big, out, new float[0], true);
        double mean = 0;
        int zeros = 0;
        for (float v : out.toArray()) {
            mean += v / 10_000.0;
            zeros += v == 0f ? 1 : 0;
            assertTrue(v == 0f || v == 2f, "inverted dropout scales kept units by 1/(1-p)");
        }
        // 10,000 Bernoulli(0.5): sd of the zero count is 50; allow 5 sd
        assertEquals(5000, zeros, 250);
        assertEquals(1.0, mean, 0.05, "the expected output equals the input");
        assertNotEquals(0, zeros);
    }
}
