package io.fedspark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@link NeuralNetClassificationModel#transform} on Spark's internal rows: every input column
 * comes out as it went in (values, sparse vectors, nulls, column metadata, row order), and the
 * scores are exactly, bit for bit, those of {@link Model#forward} on the same blocks of
 * {@value BatchScorer#BLOCK_ROWS} rows, whatever form the features take (dense or sparse vectors,
 * arrays of doubles, floats or decimals).
 */
@SparkTest
class TransformColumnsTest {
  private static final ModelSpec SPEC = ModelSpec.parse("mlp:6-5-3");
  private static final int ROWS = BatchScorer.BLOCK_ROWS + 88; // a full block and a partial one

  private static float[] parameters() {
    Random r = new Random(7);
    float[] p = new float[SPEC.parameterCount()];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) r.nextGaussian();
    }
    return p;
  }

  private static final NeuralNetClassificationModel MODEL =
      new NeuralNetClassificationModel("nn", SPEC, parameters(), List.of("a", "b", "c"), "{}");

  /** Features with exact binary values (multiples of 1/8), every third row sparse (half zeros). */
  private static double[] features(int row) {
    double[] f = new double[6];
    for (int j = 0; j < 6; j++) {
      f[j] = row % 3 == 0 && j % 2 == 1 ? 0 : ((row * 7 + j * 13) % 41 - 20) / 8.0;
    }
    return f;
  }

  private static Dataset<Row> table(SparkSession spark) {
    StructType schema = new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType)
        .add("tags", DataTypes.createArrayType(DataTypes.StringType))
        .add(new AttributeGroup("features", 6).toStructField()).add("weight", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      double[] f = features(i);
      Vector v = i % 3 == 0 ? Vectors.dense(f).toSparse() : Vectors.dense(f);
      rows.add(RowFactory.create((long) i, i % 5 == 0 ? null : "row " + i, List.of("t" + i, "u").toArray(),
          v, i % 4 == 0 ? null : i / 2.0));
    }
    // one partition (blocks of rows 0..511, 512..), cached: the scan hands out one reused row object, as Spark's do
    return spark.createDataFrame(rows, schema).coalesce(1).cache();
  }

  @Test
  void passesEveryInputColumnThroughUntouched(SparkSession spark) {
    Dataset<Row> in = table(spark);
    Dataset<Row> out = MODEL.transform(in);
    assertEquals(List.of("id", "name", "tags", "features", "weight", "rawPrediction", "probability", "prediction"),
        List.of(out.columns()));
    assertEquals(in.schema().apply("features").metadata(), out.schema().apply("features").metadata(),
        "the features column keeps its ML attributes");
    List<Row> before = in.collectAsList();
    List<Row> after = out.collectAsList();
    assertEquals(ROWS, after.size());
    for (int i = 0; i < ROWS; i++) {
      Row a = before.get(i);
      Row b = after.get(i);
      assertEquals((long) i, b.getLong(0), "rows keep their order");
      for (int c = 0; c < a.length(); c++) {
        assertEquals(a.get(c) == null ? null : a.get(c).toString(), b.get(c) == null ? null : b.get(c).toString(),
            "row " + i + " column " + in.columns()[c]);
      }
      assertEquals(i % 3 == 0 ? SparseVector.class : DenseVector.class, b.get(3).getClass(), "row " + i);
    }
  }

  @Test
  void scoresAreTheForwardPassOfEachBlockBitForBit(SparkSession spark) {
    List<Row> rows = MODEL.transform(table(spark)).select("rawPrediction", "probability", "prediction")
        .collectAsList();
    Model net = Model.fromParameters(SPEC, parameters());
    for (int start = 0; start < ROWS; start += BatchScorer.BLOCK_ROWS) {
      int n = Math.min(BatchScorer.BLOCK_ROWS, ROWS - start);
      float[] x = new float[n * 6];
      for (int i = 0; i < n; i++) {
        double[] f = features(start + i);
        for (int j = 0; j < 6; j++) {
          x[i * 6 + j] = (float) f[j];
        }
      }
      float[] z = net.forward(FloatMatrix.wrap(x, 0, n, 6)).data();
      for (int i = 0; i < n; i++) {
        Row r = rows.get(start + i);
        double[] raw = {z[i * 3], z[i * 3 + 1], z[i * 3 + 2]};
        assertArrayEquals(raw, ((Vector) r.get(0)).toArray(), 0.0, "rawPrediction of row " + (start + i));
        assertArrayEquals(ClassScores.softmax(raw, new double[3]), ((Vector) r.get(1)).toArray(), 0.0,
            "probability of row " + (start + i));
        assertEquals(ClassScores.argmax(raw), r.getDouble(2), 0.0, "prediction of row " + (start + i));
      }
    }
  }

  @Test
  void arraysOfAnyNumberScoreAsTheVectorOfTheirValues(SparkSession spark) {
    Dataset<Row> vectors = table(spark);
    List<Row> expected = MODEL.transform(vectors).select("id", "rawPrediction", "probability").collectAsList();
    Dataset<Row> doubles = vectors.withColumn("features",
        org.apache.spark.ml.functions.vector_to_array(functions.col("features"), "float64"));
    for (String type : List.of("array<double>", "array<float>", "array<decimal(12,4)>")) { // all exact here
      Dataset<Row> cast = doubles.withColumn("features", functions.col("features").cast(type));
      List<Row> got = MODEL.transform(cast).select("id", "rawPrediction", "probability").collectAsList();
      assertEquals(expected.size(), got.size());
      for (int i = 0; i < got.size(); i++) {
        assertEquals(expected.get(i).toString(), got.get(i).toString(), type + ", row " + i);
      }
    }
  }

  @Test
  void badRowsAreScoredAsNullsWhenLenient(SparkSession spark) {
    Dataset<Row> in = table(spark).withColumn("features",
        functions.when(functions.col("id").equalTo(3), functions.lit(null).cast(new VectorUDT()))
            .otherwise(functions.col("features")));
    List<Row> rows = MODEL.transformLeniently(in, "problem", io.fedspark.jobs.config.MathOptions.from(
        io.fedspark.jobs.config.ConfigLoader.withShippedDefaults().load(null, List.of()))).collectAsList();
    assertEquals(ROWS, rows.size());
    Row bad = rows.get(3);
    assertNull(bad.get(5));
    assertNull(bad.get(6));
    assertNull(bad.get(7));
    assertEquals("features: the features are null", bad.getString(8));
    assertNull(rows.get(4).get(8));
    assertTrue(rows.get(4).get(5) instanceof DenseVector);
  }
}
