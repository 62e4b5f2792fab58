package io.fedspark.jobs.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fedspark.federated.data.Example;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.math.nn.ModelSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet table is read with only its mapped columns ({@link ColumnMapping#mappedOnly}), and the
 * examples are the very same as from all of its columns: same rows, same order, same input
 * partitions, for the training and the test split. Text formats and tables missing a mapped column
 * are left as they are.
 */
@SparkTest
class ColumnPruningTest {
  @TempDir Path dir;

  private static DataSourceOptions source(String... sets) {
    List<String> s = new ArrayList<>(List.of("data.source.features=features", "data.source.label=label"));
    s.addAll(List.of(sets));
    return DataSourceOptions.from(ConfigLoader.withShippedDefaults().load(null, s));
  }

  /** The table as {@link TableLoader#read} gives it: the file position columns added. */
  private static Dataset<Row> read(SparkSession spark, Path p) {
    return spark.read().parquet(p.toString())
        .withColumn(ColumnMapping.FILE_COLUMN, functions.col("_metadata.file_path"))
        .withColumn(ColumnMapping.BLOCK_COLUMN, functions.col("_metadata.file_block_start"));
  }

  private static void assertSameExamples(JavaRDD<Example> all, JavaRDD<Example> pruned) {
    assertEquals(all.getNumPartitions(), pruned.getNumPartitions(), "input partitions");
    List<List<Example>> a = all.glom().collect();
    List<List<Example>> b = pruned.glom().collect();
    for (int p = 0; p < a.size(); p++) {
      assertEquals(a.get(p).size(), b.get(p).size(), "rows of partition " + p);
      for (int i = 0; i < a.get(p).size(); i++) {
        Example x = a.get(p).get(i);
        Example y = b.get(p).get(i);
        assertEquals(x.key(), y.key(), "key of row " + i + " of partition " + p);
        assertEquals(x.label(), y.label());
        assertArrayEquals(x.features(), y.features(), 0f);
      }
    }
  }

  @Test
  void aParquetTableIsReadWithItsMappedColumnsOnlyAndGivesTheSameExamples(SparkSession spark) {
    Path p = dir.resolve("t");
    spark.range(0, 600).selectExpr("array(cast(id % 7 as double), cast(id % 11 as double), id / 600.0) as features",
        "concat('c', cast(id % 3 as string)) as label", "concat('note ', cast(id as string)) as notes",
        "cast(id % 5 as string) as client", "id * 0.5 as unused").repartition(3).write().parquet(p.toString());
    Dataset<Row> table = read(spark, p);
    DataSourceOptions src = source("data.source.format=parquet");
    Dataset<Row> pruned = ColumnMapping.mappedOnly(table, src);
    assertEquals(List.of("features", "label", ColumnMapping.FILE_COLUMN, ColumnMapping.BLOCK_COLUMN),
        List.of(pruned.schema().fieldNames()));
    assertEquals(List.of("features", "label", "client", ColumnMapping.FILE_COLUMN, ColumnMapping.BLOCK_COLUMN),
        List.of(ColumnMapping.mappedOnly(table, source("data.source.format=parquet", "data.source.client=client"))
            .schema().fieldNames()), "a mapped client column is kept, in the table's order");

    ModelSpec model = ModelSpec.parse("mlp:3-4-3");
    TrainingTable a = TableLoader.of(table, null, src, 42, "train.model", model, false, true);
    TrainingTable b = TableLoader.of(pruned, null, src, 42, "train.model", model, false, true);
    assertEquals(a.trainRows(), b.trainRows());
    assertEquals(a.testRows(), b.testRows());
    assertEquals(a.labelNames(), b.labelNames());
    assertSameExamples(a.train(), b.train());
    assertSameExamples(a.test(), b.test());
  }

  @Test
  void textFormatsAndTablesMissingAMappedColumnAreLeftAlone(SparkSession spark) {
    Dataset<Row> table = spark.range(0, 10).selectExpr("array(cast(id as double)) as features", "id % 2 as label",
        "id as unused");
    assertSame(table, ColumnMapping.mappedOnly(table, source("data.source.format=csv")), "csv");
    assertSame(table, ColumnMapping.mappedOnly(table, source("data.source.format=json")), "json");
    assertSame(table, ColumnMapping.mappedOnly(table, source("data.source.format=parquet",
        "data.source.label=missing")), "a missing column is named by the plan among all columns");
  }
}
