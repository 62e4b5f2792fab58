package io.fedspark.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.fedspark.jobs.io.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A run's metrics as typed rows (one record per round, epoch or cell), written three ways from the
 * same values: {@code <name>.csv} and {@code <name>.json} through Jackson, {@code <name>.parquet}
 * through Spark's writer. Columns are the record's components in snake case
 * ({@code meanTrainLoss} is {@code mean_train_loss}); a NaN (not measured) is an empty CSV field, a
 * JSON null and a Parquet null. The Parquet table also carries the run's columns ({@link RunColumns}:
 * run id, job, seed and the flattened configuration), so
 * {@code spark.read.option("mergeSchema", true).parquet("runs/*}{@code /metrics.parquet")} stacks
 * any set of runs.
 *
 * @param <R> the row record
 */
public final class MetricsTable<R extends Record> {
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);
  private static final CsvMapper CSV = (CsvMapper) new CsvMapper()
      .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private final String name;
  private final List<Map<String, Object>> rows = new ArrayList<>();

  /**
   * @param name the file stem, e.g. {@code metrics}
   */
  public MetricsTable(String name, List<R> rows) {
    this.name = name;
    for (R r : rows) {
      this.rows.add(columns(r));
    }
  }

  /** A row's columns in record order; NaN and infinities become null, arrays lists. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> columns(Record r) {
    Map<String, Object> raw = JSON.convertValue(r, LinkedHashMap.class);
    Map<String, Object> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> out.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
    return out;
  }

  /** Writes {@code <name>.csv}, {@code <name>.json} (atomically) and {@code <name>.parquet}. */
  public void write(RunDirectory dir, SparkSession spark, RunColumns run) {
    writeText(dir);
    if (!rows.isEmpty()) {
      ParquetMetrics.write(spark, schema(run), parquetRows(run), dir.resolve(name + ".parquet").toString());
    }
  }

  /** Writes {@code <name>.csv} and {@code <name>.json} only (between checkpoints of a running job). */
  public void writeText(RunDirectory dir) {
    dir.writeString(name + ".csv", csv());
    dir.writeString(name + ".json", json());
  }

  /** The CSV text: a header, then one line per row (list columns joined by spaces). */
  public String csv() {
    if (rows.isEmpty()) {
      return "";
    }
    CsvSchema.Builder b = CsvSchema.builder().setUseHeader(true).setArrayElementSeparator(" ");
    rows.get(0).forEach((k, v) -> b.addColumn(k, v instanceof List ? CsvSchema.ColumnType.ARRAY : CsvSchema.ColumnType.NUMBER_OR_STRING));
    try {
      return CSV.writer(b.build()).writeValueAsString(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JSON text: an array of objects. */
  public String json() {
    try {
      return JSON.writeValueAsString(rows) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private StructType schema(RunColumns run) {
    StructType s = run.schema();
    for (Map.Entry<String, Object> e : rows.get(0).entrySet()) {
      s = s.add(e.getKey(), typeOf(e.getKey()), true);
    }
    return s;
  }

  /** A column's Spark type from the first non-null value (double when every value is null). */
  private DataType typeOf(String column) {
    for (Map<String, Object> r : rows) {
      Object v = r.get(column);
      if (v != null) {
        return sparkType(v);
      }
    }
    return DataTypes.DoubleType;
  }

  private static DataType sparkType(Object v) {
    if (v instanceof Integer) {
      return DataTypes.IntegerType;
    }
    if (v instanceof Long) {
      return DataTypes.LongType;
    }
    if (v instanceof Number) {
      return DataTypes.DoubleType;
    }
    if (v instanceof Boolean) {
      return DataTypes.BooleanType;
    }
    if (v instanceof List<?> l) {
      return DataTypes.createArrayType(l.isEmpty() ? DataTypes.IntegerType : sparkType(l.get(0)));
    }
    return DataTypes.StringType;
  }

  private List<Row> parquetRows(RunColumns run) {
    StructType schema = schema(run);
    List<Row> out = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      List<Object> values = new ArrayList<>(run.values());
      for (Map.Entry<String, Object> e : r.entrySet()) {
        values.add(convert(e.getValue(), schema.apply(e.getKey()).dataType()));
      }
      out.add(RowFactory.create(values.toArray()));
    }
    return out;
  }

  private static Object convert(Object v, DataType type) {
    if (v == null) {
      return null;
    }
    if (type == DataTypes.DoubleType) {
      return ((Number) v).doubleValue();
    }
    if (type == DataTypes.LongType) {
      return ((Number) v).longValue();
    }
    return v; // Spark converts a java.util.List to an array column itself
  }
}
