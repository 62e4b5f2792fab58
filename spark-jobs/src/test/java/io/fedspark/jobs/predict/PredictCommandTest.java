package io.fedspark.jobs.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.jobs.cli.FedsparkMain;
import io.fedspark.jobs.testing.RejectedRun;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.ml.NeuralNetClassificationModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fedspark predict MODEL DATA} from the command line: a {@code train} run's {@code model/}
 * scores its own test table (the metrics agree with the run's final evaluation), a table without
 * labels (predictions only), the same rows as a headered CSV of numeric columns (the same
 * predictions); bad rows under {@code data.bad-rows}; bad input exits with 2 and one line.
 */
@SparkTest
class PredictCommandTest {
  @TempDir static Path dir;
  static Path model;
  static double trainTestAccuracy;
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void trainAModel(SparkSession spark) throws Exception {
    io.fedspark.ml.DigitsTables.write(spark, dir);
    Dataset<Row> test = spark.read().parquet(dir.resolve("test").toString());
    test.drop("label").write().parquet(dir.resolve("unlabelled").toString());
    List<String> px = new ArrayList<>(List.of(io.fedspark.ml.DigitsTables.pixels()));
    px.add("label");
    px.add("id");
    test.select(px.stream().map(functions::col).toArray(org.apache.spark.sql.Column[]::new)).coalesce(1).write()
        .option("header", "true").csv(dir.resolve("csv").toString());
    int code = main("train", "--set", "train.dataset=table", "--set", "train.model=\"mlp:64-32-10\"",
        "--set", "data.source.path=\"" + dir.resolve("train") + "\"",
        "--set", "data.source.test.path=\"" + dir.resolve("test") + "\"",
        "--set", "data.source.feature-scale=0.0625", "--set", "train.epochs=2", "--set", "train.partitions=2",
        "--set", "train.optimizer.learning-rate=0.1", "--set", "run.dir=\"" + dir.resolve("run") + "\"");
    assertEquals(0, code);
    model = dir.resolve("run").resolve("model");
    trainTestAccuracy = JSON.readTree(dir.resolve("run/provenance.json").toFile()).path("results").path("testAccuracy")
        .asDouble();
  }

  private static int main(String... args) {
    return FedsparkMain.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void scoresALabelledTableAsTheTrainingRunEvaluatedIt(SparkSession spark) throws Exception {
    Path out = dir.resolve("predict-labelled");
    assertEquals(0, main("predict", model.toString(), dir.resolve("test").toString(), "--set",
        "run.dir=\"" + out + "\""));
    JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
    assertEquals(360, m.path("rows").asLong());
    assertEquals(360, m.path("evaluated").asLong());
    assertEquals(trainTestAccuracy, m.path("accuracy").asDouble(), 1.0 / 360, "the run's own test evaluation");
    assertTrue(m.path("accuracy").asDouble() > 0.85, m.toString());
    assertEquals(10, m.path("perClass").size());
    assertEquals("eight", m.path("perClass").get(0).path("label").asText());
    assertTrue(Files.readString(out.resolve("per-class.csv")).startsWith("class,label,precision,recall,f1,support\n"
        + "0,eight,"));
    assertTrue(Files.exists(out.resolve("confusion-matrix.csv")));
    assertTrue(Files.exists(out.resolve("provenance.json")));

    Dataset<Row> p = spark.read().parquet(out.resolve(PredictJob.PREDICTIONS).toString());
    assertEquals(360, p.count());
    for (String c : List.of("features", "label", "id", "rawPrediction", "probability", "prediction",
        "predictedLabel")) {
      assertTrue(List.of(p.columns()).contains(c), c + " in " + List.of(p.columns()));
    }
    long right = p.where("predictedLabel = label").count();
    assertEquals(m.path("accuracy").asDouble() * 360, right, 1e-6);
    NeuralNetClassificationModel loaded = NeuralNetClassificationModel.load(model.toString());
    Dataset<Row> direct = loaded.transform(spark.read().parquet(dir.resolve("test").toString()));
    assertEquals(0, direct.select("id", "probability", "prediction").exceptAll(p.select("id", "probability",
        "prediction")).count(), "predict scores as the Spark ML model does");
  }

  @Test
  void scoresUnlabelledTablesAndCsvColumns(SparkSession spark) {
    Path out = dir.resolve("predict-unlabelled");
    assertEquals(0, main("predict", model.toString(), dir.resolve("unlabelled").toString(), "--set",
        "run.dir=\"" + out + "\""));
    assertFalse(Files.exists(out.resolve("metrics.json")), "no labels, no metrics");
    Dataset<Row> vectors = spark.read().parquet(out.resolve(PredictJob.PREDICTIONS).toString());
    assertEquals(360, vectors.count());

    Path csv = dir.resolve("predict-csv");
    List<String> args = new ArrayList<>(List.of("predict", model.toString(), dir.resolve("csv").toString(),
        "--set", "data.source.format=csv", "--set", "data.source.options.header=true",
        "--set", "data.source.options.inferSchema=true", "--set", "run.dir=\"" + csv + "\"",
        "--set", "data.source.features=[" + String.join(",", io.fedspark.ml.DigitsTables.pixels()) + "]"));
    assertEquals(0, main(args.toArray(String[]::new)));
    Dataset<Row> columns = spark.read().parquet(csv.resolve(PredictJob.PREDICTIONS).toString());
    assertFalse(List.of(columns.columns()).contains("_fedspark_features"), "the assembled vector is not written");
    assertEquals(0, vectors.select("id", "probability", "prediction")
        .exceptAll(columns.select("id", "probability", "prediction")).count(),
        "64 numeric columns score as the vector");
  }

  @Test
  void badRowsFailOrAreLeftOut(SparkSession spark) throws Exception {
    Dataset<Row> test = spark.read().parquet(dir.resolve("test").toString());
    test.withColumn("features", functions.when(functions.col("id").equalTo(5), functions.lit(null))
        .otherwise(functions.col("features")))
        .withColumn("label", functions.when(functions.col("id").equalTo(10), functions.lit("ten"))
            .otherwise(functions.col("label")))
        .write().parquet(dir.resolve("bad").toString());
    String e = RejectedRun.message(List.of("predict", model.toString(), dir.resolve("bad").toString()),
        dir.resolve("bad-fail"), List.of());
    RejectedRun.contains(e, "bad/part-", ": features: the features are null (1 row without usable features in ",
        "data.bad-rows = skip leaves them out)");
    assertEquals(1, e.strip().lines().count(), e);

    Path out = dir.resolve("bad-skip");
    assertEquals(0, main("predict", model.toString(), dir.resolve("bad").toString(), "--set", "data.bad-rows=skip",
        "--set", "run.dir=\"" + out + "\""));
    JsonNode m = JSON.readTree(out.resolve("metrics.json").toFile());
    assertEquals(1, m.path("badRows").asLong());
    assertEquals(1, m.path("unknownLabels").asLong());
    assertEquals(358, m.path("evaluated").asLong());
    assertEquals(359, spark.read().parquet(out.resolve(PredictJob.PREDICTIONS).toString()).count(),
        "the row with an unknown label is predicted, the one without features is not");
  }

  @Test
  void badInputExitsWithTwoAndOneLine(SparkSession spark) {
    String test = dir.resolve("test").toString();
    String e = RejectedRun.message(List.of("predict", dir.resolve("nothing").toString(), test), dir.resolve("r1"),
        List.of());
    RejectedRun.contains(e, "nothing' is not a saved fedspark model: expected metadata/part-00000");
    e = RejectedRun.message(List.of("predict", model.toString(), dir.resolve("missing").toString()), dir.resolve("r2"),
        List.of());
    RejectedRun.contains(e, "data.source.path = ", "missing", "an existing file or directory (not found)");
    e = RejectedRun.message(List.of("predict", model.toString(), test), dir.resolve("r3"),
        List.of("data.source.features=pixels"));
    RejectedRun.contains(e, "data.source.features = [pixels]: ", "has no column 'pixels'; its columns are [");
    spark.read().parquet(test).withColumn("features", org.apache.spark.ml.functions.array_to_vector(functions.slice(
        org.apache.spark.ml.functions.vector_to_array(functions.col("features"), "float64"), 1, 63)))
        .write().parquet(dir.resolve("short").toString());
    e = RejectedRun.message(List.of("predict", model.toString(), dir.resolve("short").toString()), dir.resolve("r4"),
        List.of());
    RejectedRun.contains(e, "features: a row has 63 features but the model mlp:64-32-10 takes 64 (360 rows");
    e = RejectedRun.message(List.of("predict", model.toString(), test), dir.resolve("r5"),
        List.of("data.source.format=csv"));
    RejectedRun.contains(e, "data.source.");
    for (String m : List.of(e)) {
      assertEquals(1, m.strip().lines().count(), m);
    }
  }
}
