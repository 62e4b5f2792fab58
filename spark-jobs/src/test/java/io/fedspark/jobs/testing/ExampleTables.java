package io.fedspark.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A user's own small Spark program that writes the tables the data-plane tests train on, from the
 * real UCI digits (64 pixel columns 0..16 and the digit): run in a separate JVM with its own
 * session, as a user would prepare data, and nothing of fedspark on its path is used.
 *
 * <p>Usage: {@code ExampleTables DIGITS_CSV_GZ OUT_DIR}. Writes under OUT_DIR:
 *
 * <ul>
 *   <li>{@code parquet-one}, {@code parquet-many}, {@code parquet-shuffled}: the same rows as one
 *       file, as 7 files, and as 3 files in a shuffled row order; columns {@code features} (a
 *       VectorAssembler vector of the 64 pixels), {@code label} (the digit as a word: "zero" ...),
 *       {@code writer} (a client id, "w00" ... "w29") and {@code id} (the row number);
 *   <li>{@code csv}: a headered CSV of numeric columns {@code px0..px63}, {@code digit} and
 *       {@code writer};
 *   <li>{@code libsvm}: a LibSVM file of the digit and the 64 pixels.
 * </ul>
 */
public final class ExampleTables {
  public static final String[] WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};

  private ExampleTables() {}

  public static void main(String[] args) {
    String in = args[0];
    String out = args[1];
    SparkSession spark = SparkSession.builder().master("local[2]").appName("example-tables")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      Dataset<Row> raw = spark.read().option("inferSchema", "true").csv(in);
      List<Column> cols = new ArrayList<>();
      String[] px = new String[64];
      for (int i = 0; i < 64; i++) {
        px[i] = "px" + i;
        cols.add(functions.col("_c" + i).cast("double").as(px[i]));
      }
      cols.add(functions.col("_c64").cast("int").as("digit"));
      cols.add(functions.monotonically_increasing_id().as("id"));
      Dataset<Row> digits = raw.coalesce(1).select(cols.toArray(new Column[0]))
          .withColumn("writer", functions.format_string("w%02d", functions.col("id").mod(30)));
      Column word = functions.element_at(functions.array(java.util.Arrays.stream(WORDS).map(functions::lit)
          .toArray(Column[]::new)), functions.col("digit").plus(1));
      Dataset<Row> table = new VectorAssembler().setInputCols(px).setOutputCol("features").transform(digits)
          .select(functions.col("features"), word.as("label"), functions.col("writer"), functions.col("id"));
      table.coalesce(1).write().mode("overwrite").parquet(out + "/parquet-one");
      table.repartition(7, functions.col("id")).write().mode("overwrite").parquet(out + "/parquet-many");
      table.orderBy(functions.rand(99)).coalesce(3).write().mode("overwrite").parquet(out + "/parquet-shuffled");

      List<Column> csvCols = new ArrayList<>();
      for (String p : px) {
        csvCols.add(functions.col(p));
      }
      csvCols.add(functions.col("digit"));
      csvCols.add(functions.col("writer"));
      digits.select(csvCols.toArray(new Column[0])).coalesce(2).write().mode("overwrite").option("header", "true")
          .csv(out + "/csv");

      new VectorAssembler().setInputCols(px).setOutputCol("features").transform(digits)
          .select(functions.col("digit").cast("double").as("label"), functions.col("features"))
          .coalesce(1).write().mode("overwrite").format("libsvm").save(out + "/libsvm");
      System.out.println("wrote " + table.count() + " rows to " + out);
    } finally {
      spark.stop();
    }
  }
}
