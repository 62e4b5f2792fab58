package io.fedspark.jobs.data;

import io.fedspark.federated.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks a table's schema against {@code data.source}'s column mapping before any work, and plans
 * the {@link RowDecoder}: every named column must exist with a usable type, else one line names
 * the key, the column, the type found and the types expected (and the columns the table has).
 */
final class ColumnMapping {
  /** The input file of a row (Spark's {@code _metadata.file_path}), added by the reader. */
  static final String FILE_COLUMN = "_fedspark_file";
  /** Where in its file the task's part starts (Spark's {@code _metadata.file_block_start}). */
  static final String BLOCK_COLUMN = "_fedspark_block";

  private ColumnMapping() {}

  /**
   * The decoder of {@code schema} under {@code src}.
   *
   * @param table the table's name for messages (its path)
   * @param testSalt the seed of the held-out fraction
   * @param fractionSplit whether test rows are a seeded fraction of this table
   */
  static RowDecoder plan(StructType schema, DataSourceOptions src, String table, long testSalt, boolean fractionSplit) {
    List<String> names = Arrays.asList(schema.fieldNames());
    int[] featureIdx = new int[src.features().size()];
    for (int i = 0; i < featureIdx.length; i++) {
      featureIdx[i] = column(schema, names, DataSourceOptions.FEATURES.key(), src.features().get(i), table);
    }
    RowDecoder.FeatureKind kind = featureKind(schema, featureIdx, src, table);
    int label = column(schema, names, DataSourceOptions.LABEL.key(), src.label(), table);
    DataType labelType = schema.fields()[label].dataType();
    if (!(labelType instanceof NumericType) && !(labelType instanceof StringType)) {
      throw wrongType(DataSourceOptions.LABEL.key(), src.label(), labelType, "a number or a string", table);
    }
    int weight = optional(schema, names, DataSourceOptions.WEIGHT.key(), src.weight(), table);
    if (weight >= 0 && !(schema.fields()[weight].dataType() instanceof NumericType)) {
      throw wrongType(DataSourceOptions.WEIGHT.key(), src.weight(), schema.fields()[weight].dataType(), "a number", table);
    }
    int id = optional(schema, names, DataSourceOptions.ID.key(), src.id(), table);
    int client = optional(schema, names, DataSourceOptions.CLIENT.key(), src.client(), table);
    int split = optional(schema, names, DataSourceOptions.SPLIT_COLUMN.key(), src.splitColumn(), table);
    int[] shape = src.shapeDims();
    int expected = kind == RowDecoder.FeatureKind.COLUMNS ? featureIdx.length
        : shape != null ? Arrays.stream(shape).reduce(1, Math::multiplyExact) : -1;
    if (kind == RowDecoder.FeatureKind.COLUMNS && shape != null && expected != Arrays.stream(shape).reduce(1, (a, b) -> a * b)) {
      throw InvalidConfigException.of(DataSourceOptions.SHAPE.key(), src.shape(), "a shape of " + expected
          + " values, the number of feature columns", null);
    }
    return new RowDecoder(kind, featureIdx, src.features().toArray(new String[0]), label, labelType instanceof StringType,
        weight, id, client, split, src.splitValue(), names.indexOf(FILE_COLUMN), names.indexOf(BLOCK_COLUMN), (float) src.featureScale(), expected,
        testSalt, src.testFraction(), fractionSplit);
  }

  /**
   * {@code table} (as {@code src}'s reader gave it) with only the columns {@code src} maps
   * (features, label, weight, id, client, split) and the position columns, in the table's order,
   * for the columnar formats (Parquet, ORC): their readers then do not even read the other columns.
   * The rows, their order and the input partitions are the same (files are split by size, whatever
   * the columns). Unchanged for the other formats (a text parser's malformed-row handling, e.g.
   * CSV's {@code mode = DROPMALFORMED}, looks at the parsed columns only, so pruning could keep rows
   * it drops now), when nothing is unused, or when a mapped column is missing or a name repeats
   * ({@link #plan} then names the problem among all the columns).
   */
  static Dataset<Row> mappedOnly(Dataset<Row> table, DataSourceOptions src) {
    if (src.format() != TableFormat.PARQUET && src.format() != TableFormat.ORC) {
      return table;
    }
    List<String> names = Arrays.asList(table.schema().fieldNames());
    Set<String> used = new HashSet<>(src.features());
    for (String c : List.of(src.label(), src.weight(), src.id(), src.client(), src.splitColumn(), FILE_COLUMN,
        BLOCK_COLUMN)) {
      if (!c.isEmpty()) {
        used.add(c);
      }
    }
    if (!names.containsAll(used) || new HashSet<>(names).size() != names.size() || used.size() == names.size()) {
      return table;
    }
    List<Column> kept = new ArrayList<>();
    for (String n : names) {
      if (used.contains(n)) {
        kept.add(table.col("`" + n.replace("`", "``") + "`"));
      }
    }
    return table.select(kept.toArray(new Column[0]));
  }

  private static RowDecoder.FeatureKind featureKind(StructType schema, int[] idx, DataSourceOptions src, String table) {
    String key = DataSourceOptions.FEATURES.key();
    if (idx.length == 1) {
      DataType t = schema.fields()[idx[0]].dataType();
      if (t instanceof VectorUDT) {
        return RowDecoder.FeatureKind.VECTOR;
      }
      if (t instanceof ArrayType a && a.elementType() instanceof NumericType) {
        return RowDecoder.FeatureKind.ARRAY;
      }
    }
    for (int i : idx) {
      DataType t = schema.fields()[i].dataType();
      if (!(t instanceof NumericType) && !(t instanceof StringType)) {
        throw wrongType(key, schema.fields()[i].name(), t, idx.length == 1
            ? "a vector (Spark ML), an array of numbers, or a number (one of several feature columns)"
            : "a number (each of several feature columns)", table);
      }
    }
    return RowDecoder.FeatureKind.COLUMNS;
  }

  private static int column(StructType schema, List<String> names, String key, String name, String table) {
    int i = names.indexOf(name);
    if (i < 0) {
      List<String> shown = new ArrayList<>(names);
      shown.remove(FILE_COLUMN);
      shown.remove(BLOCK_COLUMN);
      throw new InvalidConfigException(key + " = '" + name + "': " + table + " has no column '" + name
          + "'; its columns are " + shown);
    }
    return i;
  }

  private static int optional(StructType schema, List<String> names, String key, String name, String table) {
    return name.isEmpty() ? -1 : column(schema, names, key, name, table);
  }

  private static InvalidConfigException wrongType(String key, String column, DataType found, String expected,
      String table) {
    return new InvalidConfigException(key + " = '" + column + "': column '" + column + "' of " + table + " is "
        + found.simpleString() + ", expected " + expected);
  }

  /** The schema field a message names (for tests). */
  static StructField field(StructType schema, String name) {
    return schema.apply(name);
  }
}
