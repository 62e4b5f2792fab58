package io.fedspark.federated.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DataDirectory;
import io.fedspark.federated.data.DatasetFetcher;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.data.DatasetSplit;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.data.LocalDatasetLoader;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.optim.SgdOptions;
import io.fedspark.math.random.SeedSequence;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End-to-end accuracy of the math core on real MNIST (60,000 train / 10,000 test), trained with
 * minibatch SGD with momentum on the native backend with one BLAS thread, the configuration used
 * under Spark. The thresholds are the ones the models are known to reach (MLP 784-200-10 about
 * 98%, LeNet-5 about 99%): a broken layer, gradient or initialisation lands far below them (a
 * linear model gets about 92%). Accuracies and times are printed, not asserted (house rule 7).
 */
@Tag("line-independent")
@Tag("slow")
class MnistAccuracyTest {
  private static LabeledDataset train;
  private static LabeledDataset test;

  @BeforeAll
  static void loadMnist() throws IOException {
    // The backend is chosen once per JVM; other test classes may have used it first (AUTO, 1 thread).
    MathRuntime.configure(MathBackend.AUTO, 1);
    Path dir = new DatasetFetcher(DataDirectory.resolve("")).fetch(DatasetId.MNIST);
    LocalDatasetLoader loader = new LocalDatasetLoader(dir);
    train = loader.load(DatasetId.MNIST, DatasetSplit.TRAIN);
    test = loader.load(DatasetId.MNIST, DatasetSplit.TEST);
    assertEquals(60_000, train.size());
    assertEquals(10_000, test.size());
  }

  /** The learning rate of each epoch (a step schedule), momentum 0.9, no weight decay. */
  private static EvalResult trainAndEvaluate(String specText, int batch, float[] epochRates, long seed) {
    ModelSpec spec = ModelSpec.parse(specText);
    SeedSequence seeds = SeedSequence.root(seed);
    Model model = Model.create(spec, seeds.derive("init").seed());
    int n = train.size();
    int d = train.featureCount();
    float[] features = train.features();
    int[] labels = train.labels();
    float[] grad = new float[model.parameterCount()];
    FloatMatrix xb = new FloatMatrix(batch, d);
    int[] yb = new int[batch];
    int[] order = new int[n];
    float[] velocity = new float[0];
    long start = System.nanoTime();
    for (int epoch = 0; epoch < epochRates.length; epoch++) {
      Sgd sgd = new Sgd(new SgdOptions(epochRates[epoch], 0.9f, 0f, false));
      sgd.setState(velocity);
      shuffle(order, seeds.derive("shuffle", epoch).random());
      for (int s = 0; s + batch <= n; s += batch) {
        for (int b = 0; b < batch; b++) {
          System.arraycopy(features, order[s + b] * d, xb.data(), b * d, d);
          yb[b] = labels[order[s + b]];
        }
        model.lossAndGradient(xb, yb, null, grad);
        sgd.step(model.parameters(), grad);
      }
      velocity = sgd.state();
      System.out.printf(Locale.ROOT, "%s epoch %d (lr %.3f): %.1f s%n", spec, epoch + 1, epochRates[epoch],
          (System.nanoTime() - start) / 1e9);
    }
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    EvalResult result =
        model.evaluate(FloatMatrix.wrap(test.features(), test.size(), test.featureCount()), test.labels());
    System.out.printf(Locale.ROOT, "%s: test accuracy %.2f%% (loss %.4f) after %d epochs in %.1f s of training,"
        + " %s%n", spec, 100 * result.accuracy(), result.loss(), epochRates.length, trainSeconds,
        MathRuntime.description());
    return result;
  }

  private static void shuffle(int[] order, SplittableRandom random) {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  @Test
  void mlp784x200x10ReachesNinetySevenAndAHalfPercent() {
    EvalResult r = trainAndEvaluate("mlp:784-200-10", 64, new float[] {0.05f, 0.05f, 0.05f, 0.05f, 0.01f, 0.01f}, 1);
    assertTrue(r.accuracy() >= 0.975, "test accuracy " + r.accuracy());
  }

  @Test
  void lenet5ReachesNinetyEightAndAHalfPercent() {
    EvalResult r = trainAndEvaluate("lenet5:1x28x28-10", 64, new float[] {0.02f, 0.02f, 0.005f}, 1);
    assertTrue(r.accuracy() >= 0.985, "test accuracy " + r.accuracy());
  }
}
