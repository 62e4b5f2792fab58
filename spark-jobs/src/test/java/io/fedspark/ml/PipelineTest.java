package io.fedspark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.testing.SeparateJvm;
import io.fedspark.jobs.testing.SparkTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.IndexToString;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimators as Spark ML stages: a {@code Pipeline} of {@code StringIndexer},
 * {@code VectorAssembler} and {@link NeuralNetClassifier}, tuned by {@code CrossValidator} over a
 * {@code ParamGridBuilder} grid with {@code MulticlassClassificationEvaluator}; the best
 * {@code PipelineModel} saved, loaded by {@code PipelineModel.load} in a fresh JVM with a plain
 * session, and its predictions there bit-identical to this JVM's.
 */
@SparkTest
class PipelineTest {
  @TempDir static Path tables;
  @TempDir Path out;

  @BeforeAll
  static void writeTables(SparkSession spark) {
    DigitsTables.write(spark, tables);
  }

  @Test
  void aTunedPipelineSavesAndPredictsBitIdenticallyInAFreshJvm(SparkSession spark) throws Exception {
    Dataset<Row> train = spark.read().parquet(tables.resolve("train").toString());
    Dataset<Row> test = spark.read().parquet(tables.resolve("test").toString());
    StringIndexer indexer = new StringIndexer().setInputCol("label").setOutputCol("labelIndex");
    VectorAssembler assembler = new VectorAssembler().setInputCols(DigitsTables.pixels()).setOutputCol("pixels");
    NeuralNetClassifier nn = new NeuralNetClassifier().setFeaturesCol("pixels").setLabelCol("labelIndex")
        .setModel("mlp:64-32-10").setFeatureScale(0.0625).setPartitions(2).setEpochs(3).setBatchSize(16)
        .setLocalSteps(10);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {indexer, assembler, nn});
    ParamMap[] grid = new ParamGridBuilder().addGrid(nn.optimizerLearningRate(), new double[] {0.001, 0.1}).build();
    MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setLabelCol("labelIndex")
        .setMetricName("accuracy");
    CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
        .setEvaluator(accuracy).setNumFolds(2).setSeed(3).fit(train);

    double[] metrics = cv.avgMetrics();
    assertEquals(2, metrics.length);
    assertTrue(metrics[1] > metrics[0] && metrics[1] > 0.85, "lr 0.1 beats 0.001 in cross-validation: "
        + java.util.Arrays.toString(metrics));
    PipelineModel best = (PipelineModel) cv.bestModel();
    NeuralNetClassificationModel bestNet = assertInstanceOf(NeuralNetClassificationModel.class, best.stages()[2]);
    assertEquals(0.1, ((NeuralNetClassifier) bestNet.parent()).getOrDefault(nn.optimizerLearningRate()));
    Dataset<Row> scored = best.transform(test);
    double testAccuracy = accuracy.evaluate(scored);
    assertTrue(testAccuracy > 0.85, "test accuracy " + testAccuracy);

    // the label words back from the indices, with the indexer's labels
    StringIndexerModel fittedIndexer = (StringIndexerModel) best.stages()[0];
    long agree = new IndexToString().setInputCol("prediction").setOutputCol("word")
        .setLabels(fittedIndexer.labelsArray()[0]).transform(scored).where("word = label").count();
    assertEquals(Math.round(testAccuracy * test.count()), agree);

    Path saved = out.resolve("pipeline");
    best.write().save(saved.toString());
    Path reloaded = out.resolve("reloaded");
    SeparateJvm.run(PipelineReload.class, saved.toString(), tables.resolve("test").toString(), reloaded.toString());
    Map<Long, Row> here = byId(scored.select("id", "rawPrediction", "probability", "prediction"));
    Map<Long, Row> there = byId(spark.read().parquet(reloaded.toString()));
    assertEquals(here.keySet(), there.keySet());
    for (Map.Entry<Long, Row> e : here.entrySet()) {
      Row a = e.getValue();
      Row b = there.get(e.getKey());
      assertArrayEquals(((Vector) a.get(1)).toArray(), ((Vector) b.get(1)).toArray(), 0.0,
          "rawPrediction of " + e.getKey());
      assertArrayEquals(((Vector) a.get(2)).toArray(), ((Vector) b.get(2)).toArray(), 0.0,
          "probability of " + e.getKey());
      assertEquals(a.getDouble(3), b.getDouble(3), 0.0);
    }

    // the cross-validator with its estimator saves and loads too
    cv.write().save(out.resolve("cv").toString());
    CrossValidatorModel cvBack = CrossValidatorModel.load(out.resolve("cv").toString());
    assertArrayEquals(metrics, cvBack.avgMetrics(), 0.0);
    assertEquals(testAccuracy, accuracy.evaluate(cvBack.bestModel().transform(test)), 0.0);
  }

  private static Map<Long, Row> byId(Dataset<Row> rows) {
    Map<Long, Row> m = new HashMap<>();
    for (Row r : rows.collectAsList()) {
      m.put(r.getLong(0), r);
    }
    return m;
  }

  @Test
  void stringLabelsComeBackThroughThePredictionMetadata(SparkSession spark) {
    Dataset<Row> train = spark.read().parquet(tables.resolve("train").toString());
    Dataset<Row> test = spark.read().parquet(tables.resolve("test").toString());
    NeuralNetClassificationModel model = new NeuralNetClassifier().setModel("mlp:64-32-10").setFeatureScale(0.0625)
        .setPartitions(2).setEpochs(3).setOptimizerLearningRate(0.1).fit(train);
    Dataset<Row> words = new IndexToString().setInputCol("prediction").setOutputCol("word")
        .transform(model.transform(test));
    long right = words.where(functions.col("word").equalTo(functions.col("label"))).count();
    assertTrue(right > 0.85 * test.count(), right + " of " + test.count() + " predicted words are the labels");
    assertEquals(List.of(model.labels()), List.of("eight", "five", "four", "nine", "one", "seven", "six", "three",
        "two", "zero"));
  }
}
