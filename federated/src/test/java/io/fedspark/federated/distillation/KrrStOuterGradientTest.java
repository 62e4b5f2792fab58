package io.fedspark.federated.distillation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.ModelSpec;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole outer gradient of a KRR-ST step, {@code dL/dX_s} (through the pool model's feature
 * extractor, by {@code Model.backpropagateFeatures}) and {@code dL/dY_s}, against central finite
 * differences of a double-precision reference of the same loss: the tanh MLP's features written out
 * in double from the model's parameters, the literal kernel ridge loss of
 * {@link KernelRidgeSystemTest#referenceLoss}, lambda held fixed (detached), and the real batch's
 * features and targets (constants of the step) taken from the step's {@link RealBatchPass}.
 *
 * <p>Tolerance, relative to the largest entry of each gradient: the distiller's gradient starts
 * from float features of X_s (relative rounding 6e-8) and float backpropagation, and the kernel
 * ridge solve can amplify the feature rounding by up to cond(A): about 1e2 when m <= h + 1, up to
 * 1e6 when m > h + 1 (F_s F_s' singular, lambda = 1e-6 trace). The double finite differences are
 * good to ~1e-8. Measured worst errors: 4e-7 (m = 4, h = 6) and 3e-6 (m = 9, h = 3); the tolerances
 * 1e-5 and 1e-4 leave a margin of 25-30x, and any wrong term of the formula is O(1) off. A float
 * finite difference of the method itself would be no check at cond(A) = 1e6, which is why the
 * reference is in double.
 */
@Tag("line-independent")
class KrrStOuterGradientTest {

  /** tanh(X W0 + b0) in double for an mlp:d-h-r:act=tanh model (W0 is d x h row-major, then b0). */
  static double[][] features(double[][] x, float[] params, int d, int h) {
    double[][] out = new double[x.length][h];
    for (int i = 0; i < x.length; i++) {
      for (int k = 0; k < h; k++) {
        double s = params[d * h + k];
        for (int p = 0; p < d; p++) {
          s += x[i][p] * params[p * h + k];
        }
        out[i][k] = Math.tanh(s);
      }
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({"4, 6, 1e-5", "9, 3, 1e-4"})
  void outerGradientMatchesDoublePrecisionFiniteDifferences(int m, int h, double tolerance) {
    int height = 3;
    int width = 4;
    int d = height * width;
    int r = 3;
    SplittableRandom random = new SplittableRandom(11);
    int sourceSize = 15;
    float[] pixels = new float[sourceSize * d];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextDouble();
    }
    LabeledDataset source = LabeledDataset.of("tiny", new int[] {height, width}, pixels, new int[sourceSize], 1);
    ModelSpec phiSpec = ModelSpec.parse("logreg:12-3:loss=mse");
    float[] phiParams = KernelRidgeSystemTest.gaussian(1, phiSpec.parameterCount(), 12).toArray();
    TargetEncoder phi = new TargetEncoder(RepresentationKind.SELF_SUPERVISED, phiSpec, phiParams, new double[0],
        "random linear map");
    ModelSpec poolSpec = ModelSpec.parse("mlp:12-" + h + "-3:act=tanh:loss=mse");
    KrrStOptions options = new KrrStOptions().withSyntheticSize(m).withOuterSteps(10).withOuterBatchSize(7)
        .withPool(1, poolSpec, new ImageAugmentation(height, width, 1, 0, 1, 0)).withPoolSchedule(1000, 2, 2);
    KrrStDistiller distiller = KrrStDistiller.start(options, phi, source, 5);

    KrrStDistiller.OuterStep step = distiller.beginStep();
    int[] batch = step.realBatch();
    FloatMatrix rows = ExampleSelection.gather(pixels, d, batch, 0, batch.length);
    long[] ids = ExampleSelection.ids(batch, 0, batch.length);
    RealBatchPass.Features real = step.pass().features(rows, ids, phi);
    KrrStDistiller.StepGradient g = distiller.gradient(step, step.pass().accumulate(rows, ids, phi));

    float[] params = distiller.pool().model(step.model()).parameters();
    double[][] x = KernelRidgeSystemTest.toArray(distiller.syntheticInputs());
    double[][] y = KernelRidgeSystemTest.toArray(distiller.syntheticTargets());
    double[][] fr = KernelRidgeSystemTest.withBias(KernelRidgeSystemTest.toArray(real.features()));
    double[][] yr = KernelRidgeSystemTest.toArray(real.targets());
    double lambda = step.system().ridge();
    java.util.function.Supplier<Double> loss = () -> KernelRidgeSystemTest.referenceLoss(
        KernelRidgeSystemTest.withBias(features(x, params, d, h)), y, fr, yr, lambda);

    double l0 = loss.get();
    assertEquals(l0, g.loss(), 1e-3 * l0, "float and double evaluations of the outer loss");

    double stepSize = 1e-4;
    double scaleX = maxAbs(g.inputGradient());
    double worstX = 0;
    for (int i = 0; i < m; i++) {
      for (int p = 0; p < d; p++) {
        double saved = x[i][p];
        x[i][p] = saved + stepSize;
        double plus = loss.get();
        x[i][p] = saved - stepSize;
        double minus = loss.get();
        x[i][p] = saved;
        double fd = (plus - minus) / (2 * stepSize);
        worstX = Math.max(worstX, Math.abs(fd - g.inputGradient().get(i, p)) / scaleX);
      }
    }
    double scaleY = maxAbs(g.targetGradient());
    double worstY = 0;
    for (int i = 0; i < m; i++) {
      for (int c = 0; c < r; c++) {
        double saved = y[i][c];
        y[i][c] = saved + stepSize;
        double plus = loss.get();
        y[i][c] = saved - stepSize;
        double minus = loss.get();
        y[i][c] = saved;
        double fd = (plus - minus) / (2 * stepSize);
        worstY = Math.max(worstY, Math.abs(fd - g.targetGradient().get(i, c)) / scaleY);
      }
    }
    System.out.printf(Locale.ROOT, "outer gradient m=%d h=%d: worst relative error dX %.2e, dY %.2e"
        + " (max |dX| %.3e, |dY| %.3e)%n", m, h, worstX, worstY, scaleX, scaleY);
    assertTrue(scaleX > 0 && scaleY > 0);
    assertTrue(worstX <= tolerance, "dL/dX_s worst relative error " + worstX);
    assertTrue(worstY <= tolerance, "dL/dY_s worst relative error " + worstY);
  }

  static double maxAbs(FloatMatrix m) {
    double s = 0;
    for (float v : m.toArray()) {
      s = Math.max(s, Math.abs(v));
    }
    return s;
  }
}
