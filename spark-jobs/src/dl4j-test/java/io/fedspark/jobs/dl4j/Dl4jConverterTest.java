package io.fedspark.jobs.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.Blas;
import io.fedspark.math.blas.OpenBlas;
import io.fedspark.math.nn.Conv2DLayer;
import io.fedspark.math.nn.DenseLayer;
import io.fedspark.math.nn.Layer;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.optim.SgdOptions;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The core-to-DL4J conversion: exact parameter round trips, the documented layouts, and the same
 * outputs and SGD steps on both engines.
 *
 * <p>Tolerances: both engines compute in float32 with OpenBLAS sgemm, but with differently laid
 * out operands (DL4J's W is column-major, so it calls a differently transposed gemm) and, for
 * convolutions, different im2col/kernel orders, so sums are rounded in different orders. A dot
 * product of length k then differs by about sqrt(k) * 2^-24 * (sum of |terms|) typically, and up to
 * k * 2^-24 * sum in the worst case: for k = 784 inputs in [0, 1) and He-scaled weights the logits
 * (order 1-10) agree to a few 1e-6, probabilities (in [0, 1]) to 1e-5 absolute. The tolerances
 * below are those bounds; the differences measured here (printed by the tests) were 8 to 40 times
 * smaller: probabilities up to 2.4e-7, parameters after the SGD steps up to 1.2e-6 (LeNet-5,
 * three Nesterov steps).
 */
class Dl4jConverterTest {
  private static Blas blas;

  @BeforeAll
  static void loadNative() {
    blas = OpenBlas.load(1);
  }

  private static float[] uniform(int n, long seed, float lo, float hi) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * (float) r.nextDouble();
    }
    return v;
  }

  private static int[] labels(int n, int classes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(classes);
    }
    return y;
  }

  private static void assertBitIdentical(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
        throw new AssertionError(what + ": parameter " + i + " is " + actual[i] + ", expected " + expected[i]);
      }
    }
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"logreg:784-10", "mlp:784-200-10", "mlp:30-16-8-5", "lenet5:1x28x28-10", "cnn-small:1x28x28-10"})
  void parametersRoundTripCoreToDl4jToCoreBitForBit(String text) {
    ModelSpec spec = ModelSpec.parse(text);
    Dl4jConverter converter = Dl4jConverter.of(spec);
    Model model = Model.create(spec, 7, blas);
    float[] core = model.parameters().clone();
    // include values a careless conversion through double or arithmetic would change
    core[0] = Float.MIN_VALUE;
    core[1] = -0f;
    core[core.length - 1] = Float.MAX_VALUE;
    MultiLayerNetwork net = converter.network(SgdOptions.plain(0.1f), core);
    assertEquals(core.length, net.numParams(), "parameter count of " + spec);
    assertBitIdentical(core, converter.parameters(net), spec + " core -> DL4J network -> core");
    assertBitIdentical(core, converter.toCore(converter.toDl4j(core)), spec + " core -> DL4J layout -> core");
    float[] dl4j = net.params().toFloatVector();
    assertBitIdentical(dl4j, converter.toDl4j(converter.toCore(dl4j)), spec + " DL4J -> core -> DL4J");
  }

  @Test
  void denseWeightsAreColumnMajorInDl4jAndConvolutionBiasesComeFirst() {
    ModelSpec spec = ModelSpec.parse("lenet5:1x28x28-10");
    Dl4jConverter converter = Dl4jConverter.of(spec);
    Model model = Model.create(spec, 3, blas);
    float[] p = model.parameters();
    MultiLayerNetwork net = converter.network(SgdOptions.plain(0.1f), p);
    int dl4jLayer = 0;
    int checked = 0;
    for (Layer layer : model.layers()) {
      if (layer instanceof Conv2DLayer c) {
        while (net.getLayer(dl4jLayer).numParams() == 0) {
          dl4jLayer++;
        }
        INDArray w = net.getLayer(dl4jLayer).getParam("W");
        INDArray b = net.getLayer(dl4jLayer).getParam("b");
        int k = c.kernel();
        int ci = c.inputShape().channels();
        assertArrayEquals(new long[] {c.outChannels(), ci, k, k}, w.shape(), "conv W shape [out, in, kH, kW]");
        for (int o = 0; o < c.outChannels(); o++) {
          assertEquals(p[c.biasOffset() + o], b.getFloat(o), "conv bias " + o);
          for (int q = 0; q < ci * k * k; q++) {
            long[] idx = {o, q / (k * k), (q / k) % k, q % k};
            assertEquals(p[c.weightOffset() + o * ci * k * k + q], w.getFloat(idx), "conv W" + java.util.Arrays.toString(idx));
            checked++;
          }
        }
        dl4jLayer++;
      } else if (layer instanceof DenseLayer d) {
        while (net.getLayer(dl4jLayer).numParams() == 0) {
          dl4jLayer++;
        }
        INDArray w = net.getLayer(dl4jLayer).getParam("W");
        assertEquals('f', w.ordering(), "DL4J dense W ordering");
        assertArrayEquals(new long[] {d.inputSize(), d.outputSize()}, w.shape(), "dense W shape [in, out]");
        for (int i = 0; i < d.inputSize(); i++) {
          for (int j = 0; j < d.outputSize(); j++) {
            assertEquals(p[d.weightOffset() + i * d.outputSize() + j], w.getFloat(i, j), "dense W[" + i + "][" + j + "]");
            checked++;
          }
        }
        INDArray b = net.getLayer(dl4jLayer).getParam("b");
        for (int j = 0; j < d.outputSize(); j++) {
          assertEquals(p[d.biasOffset() + j], b.getFloat(j), "dense b[" + j + "]");
        }
        dl4jLayer++;
      }
    }
    assertEquals(spec.parameterCount() - 6 - 16 - 120 - 84 - 10, checked, "every weight was compared");
  }

  @ParameterizedTest
  @ValueSource(strings = {"logreg:784-10", "mlp:784-200-10", "mlp:30-16-8-5", "lenet5:1x28x28-10", "cnn-small:1x28x28-10"})
  void sameSoftmaxProbabilitiesAndLossOnTheSameInput(String text) {
    ModelSpec spec = ModelSpec.parse(text);
    Dl4jConverter converter = Dl4jConverter.of(spec);
    Model model = Model.create(spec, 11, blas);
    int n = 32;
    FloatMatrix x = FloatMatrix.wrap(uniform(n * spec.inputSize(), 5, 0f, 1f), n, spec.inputSize());
    int[] y = labels(n, spec.outputSize(), 6);
    MultiLayerNetwork net = converter.network(SgdOptions.plain(0.1f), model.parameters());
    DataSet ds = Dl4jConverter.dataSet(x, y, spec.outputSize());

    float[] coreProbabilities = softmax(model.forward(x));
    float[] dl4jProbabilities = net.output(ds.getFeatures(), false).ravel().toFloatVector();
    double probabilityDiff = maxAbsDiff(coreProbabilities, dl4jProbabilities);
    assertTrue(probabilityDiff <= 1e-5, spec + ": softmax probabilities differ by up to " + probabilityDiff);

    double coreLoss = model.loss(x, y, null).loss();
    double dl4jLoss = net.score(ds);
    assertEquals(coreLoss, dl4jLoss, 1e-5 * Math.max(1, coreLoss), spec + ": mean cross-entropy");
    System.out.printf("%s: max |dp| %.2e, loss %.7f vs %.7f%n", spec, probabilityDiff, coreLoss, dl4jLoss);
  }

  static float[] softmax(FloatMatrix logits) {
    int k = logits.ncol();
    float[] p = new float[logits.size()];
    for (int i = 0; i < logits.nrow(); i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, logits.get(i, j));
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(logits.get(i, j) - max);
      }
      for (int j = 0; j < k; j++) {
        p[i * k + j] = (float) (Math.exp(logits.get(i, j) - max) / sum);
      }
    }
    return p;
  }

  /**
   * Steps of SGD on both engines from the same parameters and batches end at the same parameters.
   * Tolerance: an SGD step moves each parameter by lr * g with |g| up to about 1; the gradients of
   * the two engines differ by float rounding (relative 1e-6 .. 1e-5), so after a few steps of lr
   * 0.1 the parameters agree to well under 1e-5 absolute.
   */
  @ParameterizedTest
  @ValueSource(strings = {"plain", "nesterov", "nesterov+decay", "plain+decay"})
  void sgdStepsGiveTheSameParameters(String variant) {
    SgdOptions sgd = switch (variant) {
      case "plain" -> SgdOptions.plain(0.1f);
      case "nesterov" -> SgdOptions.plain(0.1f).withMomentum(0.9f, true);
      case "nesterov+decay" -> SgdOptions.plain(0.1f).withMomentum(0.9f, true).withWeightDecay(0.01f);
      case "plain+decay" -> SgdOptions.plain(0.1f).withWeightDecay(0.05f);
      default -> throw new AssertionError(variant);
    };
    for (String text : List.of("mlp:784-200-10", "lenet5:1x28x28-10")) {
      ModelSpec spec = ModelSpec.parse(text);
      Dl4jConverter converter = Dl4jConverter.of(spec);
      Model model = Model.create(spec, 13, blas);
      MultiLayerNetwork net = converter.network(sgd, model.parameters());
      float[] initial = model.parameters().clone();
      Sgd coreSgd = new Sgd(sgd);
      float[] grad = new float[model.parameterCount()];
      int n = 16;
      int steps = sgd.momentum() > 0 ? 3 : 1;
      for (int s = 0; s < steps; s++) {
        FloatMatrix x = FloatMatrix.wrap(uniform(n * spec.inputSize(), 100 + s, 0f, 1f), n, spec.inputSize());
        int[] y = labels(n, spec.outputSize(), 200 + s);
        model.lossAndGradient(x, y, null, grad);
        coreSgd.step(model.parameters(), grad);
        net.fit(Dl4jConverter.dataSet(x, y, spec.outputSize()));
      }
      float[] dl4j = converter.parameters(net);
      double moved = maxAbsDiff(initial, model.parameters());
      assertTrue(moved > 1e-3, spec + " " + variant + ": the steps moved parameters by only " + moved);
      double diff = maxAbsDiff(model.parameters(), dl4j);
      System.out.printf("%s %s: %d step(s), max |dparam| %.2e%n", spec, variant, steps, diff);
      assertTrue(diff <= 1e-5, spec + " " + variant + ": parameters after " + steps + " step(s) differ by up to " + diff);
    }
  }

  @Test
  void dropoutBecomesDl4jInputDropoutOfTheNextLayerAndInferenceAgrees() {
    ModelSpec spec = ModelSpec.parse("mlp:30-16-5:dropout=0.25");
    Dl4jConverter converter = Dl4jConverter.of(spec);
    Model model = Model.create(spec, 17, blas);
    MultiLayerNetwork net = converter.network(SgdOptions.plain(0.1f), model.parameters());
    org.deeplearning4j.nn.conf.dropout.IDropout d = net.getLayerWiseConfigurations().getConf(1).getLayer().getIDropout();
    assertTrue(d instanceof org.deeplearning4j.nn.conf.dropout.Dropout dropout && dropout.getP() == 0.75,
        "DL4J takes the retain probability 1 - 0.25 on the layer after the dropout: " + d);
    FloatMatrix x = FloatMatrix.wrap(uniform(8 * 30, 21, 0f, 1f), 8, 30);
    double diff = maxAbsDiff(softmax(model.forward(x)),
        net.output(Dl4jConverter.dataSet(x, labels(8, 5, 22), 5).getFeatures(), false).ravel().toFloatVector());
    assertTrue(diff <= 1e-5, "inference (dropout off) differs by " + diff);
  }

  @Test
  void meanSquaredErrorModelsGetTheSameLoss() {
    ModelSpec spec = ModelSpec.parse("mlp:30-16-4:loss=mse");
    Dl4jConverter converter = Dl4jConverter.of(spec);
    Model model = Model.create(spec, 19, blas);
    MultiLayerNetwork net = converter.network(SgdOptions.plain(0.1f), model.parameters());
    FloatMatrix x = FloatMatrix.wrap(uniform(8 * 30, 23, 0f, 1f), 8, 30);
    FloatMatrix t = FloatMatrix.wrap(uniform(8 * 4, 24, -1f, 1f), 8, 4);
    double coreLoss = model.loss(x, t, null).loss();
    double dl4jLoss = net.score(new DataSet(org.nd4j.linalg.factory.Nd4j.create(x.toArray(), new long[] {8, 30}, 'c'),
        org.nd4j.linalg.factory.Nd4j.create(t.toArray(), new long[] {8, 4}, 'c')));
    assertEquals(coreLoss, dl4jLoss, 1e-5 * Math.max(1, coreLoss), "mean squared error");
  }

  @Test
  void heavyBallMomentumHasNoDl4jUpdaterAndIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dl4jConverter.updater(SgdOptions.plain(0.1f).withMomentum(0.9f, false)));
    assertTrue(e.getMessage().contains("no DL4J equivalent"), e.getMessage());
  }

  @Test
  void wrongParameterCountIsRefusedWithBothCounts() {
    Dl4jConverter converter = Dl4jConverter.of(ModelSpec.parse("logreg:784-10"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> converter.toDl4j(new float[7]));
    assertTrue(e.getMessage().contains("7 floats") && e.getMessage().contains("7850"), e.getMessage());
  }
}
