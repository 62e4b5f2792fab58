package io.fedspark.jobs.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.data.DatasetSplit;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.data.LocalDatasetLoader;
import io.fedspark.federated.unlearning.SgdTrainer;
import io.fedspark.federated.unlearning.TrainingOptions;
import io.fedspark.jobs.testing.TestData;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The DL4J zip of a briefly trained model, loaded back with
 * {@code ModelSerializer.restoreMultiLayerNetwork}, holds our parameters bit for bit and gives our
 * probabilities and classes on the first 500 MNIST test images.
 *
 * <p>Tolerance 1e-5 on probabilities, as in {@link Dl4jConverterTest}: both engines compute in
 * float32, but DL4J's gemm runs on differently laid out operands (its dense W is column-major) and
 * its convolution and softmax sum in other orders, so results differ by float rounding, a few
 * 1e-6 on logits of order 10 for dot products of length 784, and less on probabilities. The
 * measured differences are printed.
 */
class Dl4jExportTest {
  private static LabeledDataset train;
  private static LabeledDataset test;

  @BeforeAll
  static void loadMnist() throws IOException {
    LocalDatasetLoader loader = new LocalDatasetLoader(TestData.dir(DatasetId.MNIST));
    train = loader.load(DatasetId.MNIST, DatasetSplit.TRAIN).head(6400);
    test = loader.load(DatasetId.MNIST, DatasetSplit.TEST).head(500);
  }

  private static byte[] export(ModelSpec spec, float[] params) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Dl4jExport.write(spec, params, out);
    return out.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "mlp:784-200-10, 0.05",
      "mlp:784-100-10:act=sigmoid:dropout=0.3, 0.2",
      "lenet5:1x28x28-10, 0.02",
      "cnn-small:1x28x28-10:act=tanh, 0.02",
  })
  void restoredNetworkHoldsOurParametersAndGivesOurProbabilities(String text, float lr) throws IOException {
    ModelSpec spec = ModelSpec.parse(text);
    // 300 seeded SGD steps (3 epochs of 6,400 images, batch 64): confident probabilities, not ~1/10
    float[] params = SgdTrainer.trainFromScratch(spec, train, TrainingOptions.constant("export-test", 3, lr),
        SeedSequence.root(42));
    Model model = Model.fromParameters(spec, params);
    byte[] zip = export(spec, params);

    MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip), false);
    float[] back = Dl4jConverter.of(spec).parameters(restored);
    for (int i = 0; i < params.length; i++) {
      if (Float.floatToRawIntBits(params[i]) != Float.floatToRawIntBits(back[i])) {
        throw new AssertionError(spec + ": restored parameter " + i + " is " + back[i] + ", expected " + params[i]);
      }
    }

    int n = test.size();
    int k = spec.outputSize();
    FloatMatrix x = FloatMatrix.wrap(test.features(), n, test.featureCount());
    float[] ours = Dl4jConverterTest.softmax(model.forward(x));
    float[] theirs = restored.output(Nd4j.create(test.features(), new long[] {n, test.featureCount()}, 'c'), false)
        .ravel().toFloatVector();
    double diff = 0;
    for (int i = 0; i < ours.length; i++) {
      diff = Math.max(diff, Math.abs((double) ours[i] - theirs[i]));
    }
    System.out.printf("%s: max |dp| %.2e over %d test images%n", spec, diff, n);
    assertTrue(diff <= 1e-5, spec + ": restored DL4J probabilities differ from ours by up to " + diff);
    int[] theirClasses = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 1; j < k; j++) {
        if (theirs[i * k + j] > theirs[i * k + theirClasses[i]]) {
          theirClasses[i] = j;
        }
      }
    }
    int[] ourClasses = model.predict(x);
    assertArrayEquals(ourClasses, theirClasses, spec + ": predicted classes");
    int correct = 0;
    for (int i = 0; i < n; i++) {
      correct += ourClasses[i] == test.label(i) ? 1 : 0;
    }
    assertTrue(correct >= 0.85 * n, spec + " is not trained: " + correct + " of " + n + " correct");
  }

  @Test
  void zipHoldsConfigurationAndCoefficientsButNoUpdaterState() throws IOException {
    ModelSpec spec = ModelSpec.parse("mlp:784-32-10");
    byte[] zip = export(spec, Model.create(spec, 1).parameters());
    List<String> entries = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.add(e.getName());
      }
    }
    assertEquals(List.of(ModelSerializer.CONFIGURATION_JSON, ModelSerializer.COEFFICIENTS_BIN), entries);
  }

  @Test
  void parametersThatDoNotFitTheSpecAreRefused() {
    ModelSpec spec = ModelSpec.parse("mlp:784-32-10");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dl4jExport.write(spec, new float[7], new ByteArrayOutputStream()));
    assertEquals("core parameters have 7 floats but model mlp:784-32-10 has 25450", e.getMessage());
  }
}
