package io.fedspark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.math.io.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NeuralNetClassificationModel}: scoring in blocks on the executors (the same scores as one
 * row at a time, within float rounding, rows in their order, vector and array features alike),
 * Spark ML's output columns and thresholds, the saved layout and its checks, and the estimators'
 * own save and load.
 */
@SparkTest
class ModelTest {
  @TempDir static Path tables;
  @TempDir Path out;
  static NeuralNetClassificationModel model;
  static Dataset<Row> test;

  @BeforeAll
  static void fit(SparkSession spark) {
    DigitsTables.write(spark, tables);
    model = new NeuralNetClassifier().setModel("mlp:64-32-10").setFeatureScale(0.0625).setPartitions(2).setEpochs(2)
        .setOptimizerLearningRate(0.1).fit(spark.read().parquet(tables.resolve("train").toString()));
    test = spark.read().parquet(tables.resolve("test").toString());
  }

  @Test
  void scoresBlocksOfRowsLikeSingleRowsInTheirOrder(SparkSession spark) {
    Dataset<Row> train = spark.read().parquet(tables.resolve("train").toString());
    List<Row> rows = model.transform(train).select("id", "features", "rawPrediction", "probability", "prediction")
        .collectAsList();
    List<Long> inputOrder = train.select("id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
    assertEquals(inputOrder, rows.stream().map(r -> r.getLong(0)).toList(), "rows keep their order");
    assertTrue(rows.size() > 2 * BatchScorer.BLOCK_ROWS, "several blocks: " + rows.size());
    double maxDiff = 0;
    for (Row r : rows) {
      double[] raw = ((Vector) r.get(2)).toArray();
      double[] single = model.predictRaw((Vector) r.get(1)).toArray();
      for (int j = 0; j < raw.length; j++) {
        maxDiff = Math.max(maxDiff, Math.abs(raw[j] - single[j]));
      }
      double[] p = ((Vector) r.get(3)).toArray();
      assertEquals(1.0, java.util.Arrays.stream(p).sum(), 1e-12);
      assertEquals(ClassScores.argmax(raw), (int) r.getDouble(4));
      assertEquals(ClassScores.argmax(p), (int) r.getDouble(4));
    }
    // float32 logits summed in another order by a one-row product: rounding, not a different model
    assertTrue(maxDiff < 1e-4, "block vs single row: " + maxDiff);
    NominalAttribute prediction = (NominalAttribute) Attribute.fromStructField(model.transform(test).schema()
        .apply("prediction"));
    assertArrayEquals(model.labels(), prediction.values().get());
  }

  @Test
  void arrayFeaturesScoreAsVectors() {
    Dataset<Row> arrays = test.withColumn("features", org.apache.spark.ml.functions.vector_to_array(
        functions.col("features"), "float32"));
    assertEquals(0, model.transform(test).select("id", "probability")
        .exceptAll(model.transform(arrays).select("id", "probability")).count());
  }

  @Test
  void outputColumnsAndThresholdsFollowSparkMl() {
    Dataset<Row> onlyPrediction = model.copy(new org.apache.spark.ml.param.ParamMap()).setRawPredictionCol("")
        .setProbabilityCol("").transform(test);
    assertEquals(List.of(test.columns()).size() + 1, onlyPrediction.columns().length);
    double[] favour3 = new double[model.numClasses()];
    java.util.Arrays.fill(favour3, 1.0);
    favour3[3] = 1e-9;
    long threes = model.copy(new org.apache.spark.ml.param.ParamMap()).setThresholds(favour3).transform(test)
        .where("prediction = 3").count();
    assertEquals(test.count(), threes, "a tiny threshold for class 3 wins every row");
    assertThrows(IllegalArgumentException.class, () -> model.copy(new org.apache.spark.ml.param.ParamMap())
        .setThresholds(new double[] {0.5, 0.5}).transform(test));
  }

  @Test
  void badFeaturesFailNamingTheColumn(SparkSession spark) {
    Dataset<Row> short63 = test.withColumn("features", org.apache.spark.ml.functions.array_to_vector(
        functions.slice(org.apache.spark.ml.functions.vector_to_array(functions.col("features"), "float64"), 1, 63)));
    var e = assertThrows(Exception.class, () -> model.transform(short63).count());
    assertTrue(rootMessage(e).contains("features: a row has 63 features but the model mlp:64-32-10 takes 64"),
        rootMessage(e));
    var missing = assertThrows(IllegalArgumentException.class, () -> model.transform(test.drop("features")));
    assertTrue(missing.getMessage().startsWith("featuresCol 'features': no such column"), missing.getMessage());
  }

  private static String rootMessage(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (; t != null; t = t.getCause()) {
      sb.append(t.getMessage()).append(" | ");
    }
    return sb.toString();
  }

  @Test
  void savesItsLayoutAndLoadsBack() throws Exception {
    Path dir = out.resolve("m");
    NeuralNetClassificationModel set = model.copy(new org.apache.spark.ml.param.ParamMap()).setProbabilityCol("p");
    set.write().save(dir.toString());
    assertTrue(Files.isDirectory(dir));
    try (var files = Files.list(out)) {
      assertEquals(List.of(dir), files.toList(), "nothing but the model (no temporary directory left)");
    }
    JsonNode meta = new ObjectMapper().readTree(dir.resolve(ModelDirectory.METADATA).toFile());
    assertEquals(NeuralNetClassificationModel.class.getName(), meta.path("class").asText());
    assertEquals("p", meta.path("paramMap").path("probabilityCol").asText());
    assertEquals(0.0625, meta.path("paramMap").path("featureScale").asDouble());
    assertEquals("mlp:64-32-10", meta.path("fedspark").path("spec").asText());
    assertEquals(1, meta.path("fedspark").path("format").asInt());
    assertEquals(10, meta.path("fedspark").path("labels").size());
    try (var in = Files.newInputStream(dir.resolve(ModelDirectory.PARAMETERS))) {
      assertArrayEquals(model.parameters(), ModelFile.read(in, "parameters.fsm").parameters(), 0f);
    }
    assertTrue(new ObjectMapper().readTree(dir.resolve(ModelDirectory.PROVENANCE).toFile()).path("config")
        .path("train").path("partitions").asInt() == 2, "the provenance holds the fit's configuration");

    NeuralNetClassificationModel back = NeuralNetClassificationModel.load(dir.toString());
    assertEquals(set.uid(), back.uid());
    assertEquals("p", back.getProbabilityCol());
    assertArrayEquals(model.parameters(), back.parameters(), 0f);
    assertArrayEquals(model.labels(), back.labels());
    assertEquals(0, set.transform(test).exceptAll(back.transform(test)).count());
    var exists = assertThrows(java.io.IOException.class, () -> set.write().save(dir.toString()));
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    set.write().overwrite().save(dir.toString());
  }

  @Test
  void refusesWhatIsNoSavedModel() throws Exception {
    var none = assertThrows(ModelDirectoryException.class, () -> NeuralNetClassificationModel.load(out.toString()));
    assertTrue(none.getMessage().contains("is not a saved fedspark model"), none.getMessage());
    Path dir = out.resolve("m");
    model.write().save(dir.toString());
    Path params = dir.resolve(ModelDirectory.PARAMETERS);
    byte[] bytes = Files.readAllBytes(params);
    bytes[100] ^= 1;
    Files.write(params, bytes);
    var hadoop = assertThrows(ModelDirectoryException.class, () -> NeuralNetClassificationModel.load(dir.toString()));
    assertTrue(hadoop.getMessage().contains("parameters.fsm is corrupt (its Hadoop checksum"), hadoop.getMessage());
    Files.delete(params.resolveSibling(".parameters.fsm.crc")); // the model file's own CRC32 remains
    var corrupt = assertThrows(ModelDirectoryException.class, () -> NeuralNetClassificationModel.load(dir.toString()));
    assertTrue(corrupt.getMessage().contains("is corrupt: the CRC32"), corrupt.getMessage());
  }

  @Test
  void estimatorsSaveAndLoadTheirParams() throws Exception {
    FederatedClassifier fc = new FederatedClassifier().setRounds(4).setClientCol("writer").setPartitionScheme("natural")
        .setSetting("federate.curriculum.data-pacing", "sqrt");
    fc.write().save(out.resolve("fc").toString());
    FederatedClassifier back = FederatedClassifier.load(out.resolve("fc").toString());
    assertEquals(fc.uid(), back.uid());
    assertEquals(fc.configuration().toJson(), back.configuration().toJson());
    assertEquals("sqrt", back.getOrDefault(back.paramOf("federate.curriculum.data-pacing")));
    NeuralNetClassifier nn = new NeuralNetClassifier().setEpochs(9);
    nn.write().save(out.resolve("nn").toString());
    assertEquals(9, NeuralNetClassifier.load(out.resolve("nn").toString()).getOrDefault(nn.epochs()));
    List<String> names = new ArrayList<>();
    for (var p : back.params()) {
      names.add(p.name());
    }
    assertFalse(names.isEmpty());
  }
}
