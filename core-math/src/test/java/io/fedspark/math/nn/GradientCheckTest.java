package io.fedspark.math.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.Blas;
import io.fedspark.math.blas.JavaBlas;
import io.fedspark.math.blas.OpenBlas;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checks of {@link Model#lossAndGradient} against central finite differences.
 *
 * <p>Main check: finite differences of an independent double-precision implementation
 * ({@link DoubleReference}) with h = 1e-6. Their error is tiny: truncation ~ h^2 |L'''| ~ 1e-12,
 * cancellation ~ 1e-16 / h ~ 1e-10, and a ReLU kink can only spoil it if a pre-activation lies
 * within h of 0, which the test rules out explicitly (min |z| > 1e-3). So what is compared is
 * essentially the exact gradient against the model's float arithmetic, whose error is a few
 * float roundings (u = 6e-8) per term times at most ~7 terms per sum and 6 examples, times values
 * of order 1: ~ 1e-6. Tolerance: 2e-5 + 1e-4 |g| (10x margin), while a wrong index, a missing
 * weight or a missed ReLU mask changes a component by O(|g|) or O(0.1).
 */
@Tag("line-independent")
class GradientCheckTest {

    private static final float[] WEIGHTS = {0.5f, 2f, 1f, 0f, 3f, 1.5f};

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Blas blas : new Blas[] {JavaBlas.instance(), OpenBlas.load(1)}) {
            for (String spec : new String[] {"logreg:4-3", "mlp:5-7-3", "mlp:4-6-5-3"}) {
                cases.add(Arguments.of(spec, blas));
            }
        }
        return cases.stream();
    }

    /** A model with random non-zero biases too (the initialiser sets them to 0). */
    private static Model randomModel(ModelSpec spec, Blas blas, long seed) {
        Model model = Model.create(spec, seed, blas);
        SplittableRandom r = new SplittableRandom(seed);
        float[] p = model.parameters().clone();
        for (Layer layer : model.layers()) {
            if (layer instanceof DenseLayer dense) {
                for (int j = 0; j < dense.outputSize(); j++) {
                    p[dense.biasOffset() + j] = (float) (0.3 * r.nextGaussian());
                }
            }
        }
        model.setParameters(p);
        return model;
    }

    private static FloatMatrix randomInputs(int rows, int cols, SplittableRandom r) {
        FloatMatrix x = new FloatMatrix(rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static double[][] rows(FloatMatrix x) {
        double[][] rows = new double[x.nrow()][x.ncol()];
        for (int i = 0; i < x.nrow(); i++) {
            for (int j = 0; j < x.ncol(); j++) {
                rows[i][j] = x.get(i, j);
            }
        }
        return rows;
    }

    private static void assertClose(String what, double expected, double actual) {
        double tol = 2e-5 + 1e-4 * Math.abs(expected);
        if (!(Math.abs(expected - actual) <= tol)) {
            fail(what + ": model " + actual + " vs finite difference " + expected + " (tolerance " + tol + ")");
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void weightedGradientMatchesDoublePrecisionFiniteDifferences(String specText, Blas blas) {
        ModelSpec spec = ModelSpec.parse(specText);
        long seed = specText.hashCode();
        Model model = randomModel(spec, blas, seed);
        SplittableRandom r = new SplittableRandom(seed + 1);
        FloatMatrix x = randomInputs(WEIGHTS.length, spec.inputSize(), r);
        int[] labels = new int[x.nrow()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(spec.outputSize());
        }
        float[] grad = new float[model.parameterCount()];
        java.util.Arrays.fill(grad, Float.NaN); // must be overwritten, not accumulated into
        FloatMatrix inputGrad = new FloatMatrix(x.nrow(), x.ncol());
        BatchResult result = model.lossAndGradient(x, labels, WEIGHTS, grad, inputGrad);

        DoubleReference ref = new DoubleReference(spec);
        double[] theta = toDouble(model.parameters());
        double[][] xs = rows(x);
        double[] minAbs = {Double.POSITIVE_INFINITY};
        for (double[] row : xs) {
            ref.logits(theta, row, minAbs);
        }
        assertTrue(minAbs[0] > 1e-3, "precondition: no ReLU input within 1e-3 of the kink, got " + minAbs[0]);

        assertClose("loss", ref.loss(theta, xs, labels, WEIGHTS), result.loss());
        for (int i = 0; i < xs.length; i++) {
            assertClose("loss of example " + i, ref.exampleLoss(theta, xs[i], labels[i]), result.exampleLosses()[i]);
        }
        assertEquals(8.0, result.weightSum(), 0.0); // 0.5 + 2 + 1 + 0 + 3 + 1.5
        double[] fd = ref.parameterGradient(theta, xs, labels, WEIGHTS, 1e-6);
        for (int p = 0; p < fd.length; p++) {
            assertClose("dL/dparam[" + p + "]", fd[p], grad[p]);
        }
        double[][] fdx = ref.inputGradient(theta, xs, labels, WEIGHTS, 1e-6);
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < xs[i].length; j++) {
                assertClose("dL/dx[" + i + "][" + j + "]", fdx[i][j], inputGrad.get(i, j));
            }
            if (WEIGHTS[i] == 0f) {
                for (int j = 0; j < xs[i].length; j++) {
                    assertEquals(0f, inputGrad.get(i, j), 0f, "an example of weight 0 has no gradient");
                }
            }
        }
    }

    /**
     * The model's own float loss, differentiated by float central differences (logreg: smooth).
     * h = 1e-2: truncation h^2 |L'''| / 6 ~ 2e-5; rounding of the float per-example losses
     * (~2 ulp of ~2, i.e. 5e-7) divided by 2h ~ 2.5e-5. Tolerance 2e-4 + 1e-2 |g| covers both
     * with margin, and still fails for a gradient off by a factor or a sign.
     */
    @Test
    void logregGradientMatchesFloatCentralDifferences() {
        ModelSpec spec = ModelSpec.parse("logreg:6-4");
        Model model = randomModel(spec, JavaBlas.instance(), 11);
        SplittableRandom r = new SplittableRandom(12);
        FloatMatrix x = randomInputs(WEIGHTS.length, 6, r);
        int[] labels = {0, 1, 2, 3, 1, 0};
        float[] grad = new float[model.parameterCount()];
        model.lossAndGradient(x, labels, WEIGHTS, grad);
        float[] p = model.parameters();
        float h = 1e-2f;
        for (int i = 0; i < p.length; i++) {
            float keep = p[i];
            float hi = keep + h;
            float lo = keep - h;
            p[i] = hi;
            double up = model.loss(x, labels, WEIGHTS).loss();
            p[i] = lo;
            double down = model.loss(x, labels, WEIGHTS).loss();
            p[i] = keep;
            double fd = (up - down) / ((double) hi - lo); // the step actually taken in float
            double tol = 2e-4 + 1e-2 * Math.abs(fd);
            assertEquals(fd, grad[i], tol, "dL/dparam[" + i + "]");
        }
    }
}
