package io.fedspark.jobs.report;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a table of rows with an explicit schema as Parquet through Spark (the writer under
 * {@link MetricsTable} and the sweep result store).
 */
public final class ParquetMetrics {
  private ParquetMetrics() {}

  /**
   * Writes rows of any explicit schema as one Parquet file set (no schema inference, so no CSV
   * reader and no unregistered Kryo classes); {@code path} is replaced if it exists.
   */
  public static void write(SparkSession spark, StructType schema, List<Row> rows, String path) {
    spark.createDataFrame(rows, schema).coalesce(1).write().mode("overwrite").parquet(path);
  }
}
