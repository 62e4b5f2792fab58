package io.fedspark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.testing.SeparateJvm;
import io.fedspark.jobs.testing.SparkTest;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimators in a user's own session ({@link PlainSessionFit}, a separate JVM): with Spark's
 * default Java serialisation and with Kryo but without fedspark's registrator, both fit, score and
 * save, and give bit for bit the models this JVM's session (Kryo with fedspark's registrator) gives.
 */
@SparkTest
class PlainSessionTest {
  @TempDir static Path tables;
  @TempDir Path out;

  @BeforeAll
  static void writeTables(SparkSession spark) {
    DigitsTables.write(spark, tables);
  }

  @Test
  void fitsInSessionsWithoutFedsparksSettings(SparkSession spark) {
    String train = tables.resolve("train").toString();
    Dataset<Row> rows = spark.read().parquet(train);
    float[] nn = PlainSessionFit.estimator().fit(rows).parameters();
    NeuralNetClassificationModel fed = PlainSessionFit.federated().fit(rows);
    for (String serializer : new String[] {"java", "kryo"}) {
      Path dir = out.resolve(serializer);
      String log = SeparateJvm.run(PlainSessionFit.class, serializer, train, dir.toString());
      assertTrue(log.contains(serializer.equals("kryo") ? "serializer org.apache.spark.serializer.KryoSerializer"
          : "serializer java"), log);
      assertArrayEquals(nn, NeuralNetClassificationModel.load(dir.resolve("nn").toString()).parameters(), 0f,
          "NeuralNetClassifier under " + serializer);
      assertArrayEquals(fed.parameters(), NeuralNetClassificationModel.load(dir.resolve("fed").toString()).parameters(),
          0f, "FederatedClassifier under " + serializer);
      Dataset<Row> scores = spark.read().parquet(dir.resolve("scores").toString());
      assertEquals(rows.count(), scores.count());
      assertEquals(0, fed.transform(rows).select("id", "probability", "prediction").exceptAll(scores).count(),
          "the same scores");
    }
  }
}
