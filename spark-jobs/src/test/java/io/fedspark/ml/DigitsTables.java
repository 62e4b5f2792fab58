package io.fedspark.ml;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.testing.ExampleTables;
import io.fedspark.jobs.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The real UCI digits (1,797 rows of 64 pixels 0..16) as a user's Parquet tables for the API
 * tests: {@code train} (4 rows in 5) and {@code test} (every fifth row), columns {@code features}
 * (a VectorAssembler vector), {@code label} (the digit as a word, "zero" ...), {@code digit} (the
 * digit as an integer), {@code writer} (a client, "w00" ... "w29"), {@code id}, and the 64 pixel
 * columns {@code px0 .. px63}.
 */
public final class DigitsTables {
  private DigitsTables() {}

  /** The pixel column names. */
  public static String[] pixels() {
    String[] px = new String[64];
    for (int i = 0; i < 64; i++) {
      px[i] = "px" + i;
    }
    return px;
  }

  /** Writes {@code dir/train} and {@code dir/test}. */
  public static void write(SparkSession spark, Path dir) {
    Path csv = TestData.dir(DatasetId.DIGITS).resolve("digits.csv.gz");
    Dataset<Row> raw = spark.read().option("inferSchema", "true").csv(csv.toString()).coalesce(1);
    List<Column> cols = new ArrayList<>();
    String[] px = pixels();
    for (int i = 0; i < 64; i++) {
      cols.add(functions.col("_c" + i).cast("double").as(px[i]));
    }
    cols.add(functions.col("_c64").cast("int").as("digit"));
    cols.add(functions.monotonically_increasing_id().as("id"));
    Column word = functions.element_at(functions.array(Arrays.stream(ExampleTables.WORDS).map(functions::lit)
        .toArray(Column[]::new)), functions.col("digit").plus(1));
    Dataset<Row> table = new VectorAssembler().setInputCols(px).setOutputCol("features")
        .transform(raw.select(cols.toArray(new Column[0])))
        .withColumn("label", word)
        .withColumn("writer", functions.format_string("w%02d", functions.col("id").mod(30)));
    table.where(functions.col("id").mod(5).notEqual(0)).coalesce(2).write().parquet(dir.resolve("train").toString());
    table.where(functions.col("id").mod(5).equalTo(0)).coalesce(1).write().parquet(dir.resolve("test").toString());
  }
}
