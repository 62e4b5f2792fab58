package io.fedspark.jobs.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a numeric metrics table (the CSV lines a job already produced) as Parquet through Spark,
 * every column a nullable double (an empty CSV field becomes null), with an explicit schema.
 */
public final class ParquetMetrics {
  private ParquetMetrics() {}

  /**
   * @param csvLines header line, then data lines; only the first {@code columns} fields are kept
   * @param path any Hadoop path; replaced if it exists
   */
  public static void write(SparkSession spark, List<String> csvLines, int columns, String path) {
    String[] header = csvLines.get(0).split(",");
    StructType schema = new StructType();
    for (int j = 0; j < columns; j++) {
      schema = schema.add(header[j], DataTypes.DoubleType, true);
    }
    List<Row> rows = new ArrayList<>();
    for (String line : csvLines.subList(1, csvLines.size())) {
      String[] f = line.split(",", -1);
      Object[] values = new Object[columns];
      for (int j = 0; j < columns; j++) {
        values[j] = f[j].isEmpty() ? null : Double.parseDouble(f[j]);
      }
      rows.add(RowFactory.create(values));
    }
    write(spark, schema, rows, path);
  }

  /**
   * Writes rows of any explicit schema as one Parquet file set (no schema inference, so no CSV
   * reader and no unregistered Kryo classes); {@code path} is replaced if it exists.
   */
  public static void write(SparkSession spark, StructType schema, List<Row> rows, String path) {
    spark.createDataFrame(rows, schema).coalesce(1).write().mode("overwrite").parquet(path);
  }
}
