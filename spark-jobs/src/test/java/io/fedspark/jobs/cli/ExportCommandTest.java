package io.fedspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.export.OnnxExport;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.predict.PredictJob;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import io.fedspark.ml.NeuralNetClassificationModel;
import io.fedspark.math.nn.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fedspark export} from the command line, on a model trained by {@code fedspark train} on
 * MNIST and scored by {@code fedspark predict} on the MNIST test set (10,000 images, IDX): the ONNX
 * file in ONNX Runtime gives the same probabilities (max |difference| <= 1e-5: both sides float32,
 * summed in other orders) and the same class for every image, and its metadata holds the spec and
 * labels; the DL4J zip loads back in DL4J with the same outputs. predict's accuracy is the training
 * run's own final test accuracy (the same model on the same images).
 */
@SparkTest
class ExportCommandTest {
  @TempDir static Path dir;
  static Path model;
  static List<Row> scored;
  private static final int WIDTH = 784;

  private static int main(String... args) {
    return FedsparkMain.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @BeforeAll
  static void trainAndPredictOnMnist(SparkSession spark) throws Exception {
    assertEquals(0, main("train", "--set", "train.model=\"mlp:784-200-10\"", "--set", "train.epochs=1",
        "--set", "train.partitions=2", "--set", "run.dir=\"" + dir.resolve("train") + "\""));
    model = dir.resolve("train/model");
    Path images = TestData.dir(DatasetId.MNIST).resolve("t10k-images-idx3-ubyte");
    assertEquals(0, main("predict", model.toString(), images.toString(), "--set", "data.source.format=idx",
        "--set", "run.dir=\"" + dir.resolve("predict") + "\""));
    scored = spark.read().parquet(dir.resolve("predict").resolve(PredictJob.PREDICTIONS).toString())
        .select("id", "features", "probability", "prediction").orderBy("id").collectAsList();
    assertEquals(10_000, scored.size());
    ObjectMapper json = new ObjectMapper();
    double trained = json.readTree(dir.resolve("train/provenance.json").toFile()).path("results")
        .path("testAccuracy").asDouble();
    double predicted = json.readTree(dir.resolve("predict/metrics.json").toFile()).path("accuracy").asDouble();
    System.out.printf(Locale.ROOT, "MNIST test accuracy: train run %.4f, predict %.4f%n", trained, predicted);
    assertTrue(trained > 0.9, "MNIST test accuracy after an epoch: " + trained);
    assertEquals(trained, predicted, 2e-4, "predict's accuracy is the run's (at most 2 near-ties of 10,000 differ)");
  }

  private static float[] features(int from, int n) {
    float[] x = new float[n * WIDTH];
    for (int i = 0; i < n; i++) {
      List<Object> f = scored.get(from + i).getList(1);
      for (int j = 0; j < WIDTH; j++) {
        x[i * WIDTH + j] = ((Number) f.get(j)).floatValue();
      }
    }
    return x;
  }

  @Test
  void onnxRuntimeScoresTheMnistTestSetAsFedsparkDoes() throws Exception {
    Path onnx = dir.resolve("model.onnx");
    assertEquals(0, main("export", model.toString(), "--format", "onnx", onnx.toString()));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double maxDiff = 0;
    int sameClass = 0;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(onnx.toString(), options)) {
        assertEquals("mlp:784-200-10", session.getMetadata().getCustomMetadataValue(OnnxExport.SPEC_KEY).orElseThrow());
        assertEquals("[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]",
            session.getMetadata().getCustomMetadataValue(OnnxExport.LABELS_KEY).orElseThrow());
        assertFalse(session.getMetadata().getCustomMetadataValue(OnnxExport.FEATURE_SCALE_KEY).isPresent());
        int batch = 1000;
        for (int from = 0; from < scored.size(); from += batch) {
          try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(features(from, batch)),
              new long[] {batch, WIDTH});
              OrtSession.Result r = session.run(Map.of(OnnxExport.INPUT, x))) {
            float[][] p = (float[][]) r.get(OnnxExport.PROBABILITIES).orElseThrow().getValue();
            for (int i = 0; i < batch; i++) {
              double[] fedspark = ((Vector) scored.get(from + i).get(2)).toArray();
              int best = 0;
              for (int k = 0; k < 10; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(p[i][k] - fedspark[k]));
                best = p[i][k] > p[i][best] ? k : best;
              }
              sameClass += best == (int) scored.get(from + i).getDouble(3) ? 1 : 0;
            }
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "ONNX Runtime vs fedspark on 10000 MNIST test images: max |dp| %.2e,"
        + " %d same classes%n", maxDiff, sameClass);
    assertTrue(maxDiff <= 1e-5, "max |difference| of probabilities " + maxDiff);
    assertEquals(10_000, sameClass, "the same class for every image");
  }

  @Test
  void theDl4jZipLoadsBackWithTheSameOutputs() throws Exception {
    Path zip = dir.resolve("model.zip");
    Optional<Dl4jZipFormat> format = Dl4jZipFormat.inThisBuild();
    if (format.isEmpty()) { // the Spark 4 build: no DL4J, and the command says which build has it
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = FedsparkMain.run(new String[] {"export", model.toString(), "--format", "dl4j", zip.toString()},
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertEquals(2, code);
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("--format = dl4j is available in the Spark 3.5 build"
          + " only"), err.toString(StandardCharsets.UTF_8));
      assertFalse(Files.exists(zip));
      return;
    }
    assertEquals(0, main("export", model.toString(), "--format", "dl4j", zip.toString()));
    Dl4jZipFormat.Restored net;
    try (InputStream in = Files.newInputStream(zip)) {
      net = format.get().read(ModelSpec.parse("mlp:784-200-10"), in);
    }
    assertArrayEquals(NeuralNetClassificationModel.load(model.toString()).parameters(), net.parameters(), 0f,
        "the parameters come back bit for bit");
    int n = 500;
    double[][] out = net.output(features(0, n), n);
    double maxDiff = 0;
    for (int i = 0; i < n; i++) {
      double[] fedspark = ((Vector) scored.get(i).get(2)).toArray();
      int best = 0;
      for (int k = 0; k < 10; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(out[i][k] - fedspark[k]));
        best = out[i][k] > out[i][best] ? k : best;
      }
      assertEquals((int) scored.get(i).getDouble(3), best, "class of image " + i);
    }
    System.out.printf(Locale.ROOT, "DL4J vs fedspark on 500 MNIST test images: max |dp| %.2e%n", maxDiff);
    assertTrue(maxDiff <= 1e-5, "max |difference| of probabilities " + maxDiff);
  }

  @Test
  void badExportsExitWithTwo() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = FedsparkMain.run(new String[] {"export", model.toString(), "--format", "tflite",
        dir.resolve("x").toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertEquals("fedspark: error: --format = 'tflite': expected one of onnx | dl4j",
        err.toString(StandardCharsets.UTF_8).strip());
    err.reset();
    code = FedsparkMain.run(new String[] {"export", dir.resolve("none").toString(), "--format", "onnx",
        dir.resolve("x").toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not a saved fedspark model"), err.toString());
    assertFalse(Files.exists(dir.resolve("x")));
  }
}
