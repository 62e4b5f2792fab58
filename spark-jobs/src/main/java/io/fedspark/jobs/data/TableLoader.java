package io.fedspark.jobs.data;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.JobRun;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Reads a table where Spark reads data and checks it before any training: the schema against the
 * column mapping ({@link ColumnMapping}), then one validation pass on the executors
 * ({@link TableStats}) for bad values, ragged rows, labels and client counts. Bad rows fail the run
 * naming the file, the row and the value ({@code data.bad-rows = fail}) or are counted and left out
 * ({@code skip}); string labels are indexed in sorted order (labels that are all integers keep their
 * value as the class index); the feature count and the classes must fit the model. Nothing but
 * metadata reaches the driver.
 */
public final class TableLoader {
  private TableLoader() {}

  /**
   * The table of {@code src}, checked against {@code model} (configured under {@code modelKey}).
   *
   * @param needsClients whether the job partitions by the client column (which must then be set)
   */
  public static TrainingTable load(JobRun job, DataSourceOptions src, String modelKey, ModelSpec model,
      boolean needsClients) {
    return load(job, src, ModelInput.of(modelKey, model), needsClients);
  }

  /** The table of {@code src}, checked against {@code model}. */
  public static TrainingTable load(JobRun job, DataSourceOptions src, ModelInput model, boolean needsClients) {
    if (src.path().isBlank()) {
      throw InvalidConfigException.of(DataSourceOptions.PATH.key(), src.path(), "the path of the table to train on"
          + " (any Hadoop path: a file or a directory of " + src.format().configName() + " files)", null);
    }
    Dataset<Row> table = ColumnMapping.mappedOnly(read(job, src, src.path()), src);
    Dataset<Row> testTable = src.testPath().isEmpty() ? null
        : ColumnMapping.mappedOnly(read(job, src, src.testPath()), src);
    TrainingTable t = of(table, testTable, src, job.run().seed(), model, needsClients, true);
    recordProvenance(job, src, t);
    return t;
  }

  /**
   * The validated training table of {@code table} (a DataFrame from any source: a path read above,
   * or the caller's own) under the column mapping of {@code src} (its path is used in messages).
   *
   * @param testTable the test rows, or null for a split of {@code table} (split column or seeded fraction)
   * @param seed the run's seed (the held-out fraction derives from it)
   * @param needsClients whether the job partitions by the client column (which must then be set)
   * @param holdOut whether test rows are required; false: without a test table or split column every
   *     row trains (Spark ML's {@code fit})
   */
  public static TrainingTable of(Dataset<Row> table, Dataset<Row> testTable, DataSourceOptions src, long seed,
      String modelKey, ModelSpec model, boolean needsClients, boolean holdOut) {
    return of(table, testTable, src, seed, ModelInput.of(modelKey, model), needsClients, holdOut);
  }

  /** {@link #of(Dataset, Dataset, DataSourceOptions, long, String, ModelSpec, boolean, boolean)} for any model input. */
  public static TrainingTable of(Dataset<Row> table, Dataset<Row> testTable, DataSourceOptions src, long seed,
      ModelInput model, boolean needsClients, boolean holdOut) {
    if (needsClients && src.client().isEmpty()) {
      throw InvalidConfigException.of(DataSourceOptions.CLIENT.key(), "", "a column whose values are the clients"
          + " (federate.partition.scheme = natural makes one client per distinct value)", null);
    }
    String name = src.path().isEmpty() ? "the DataFrame" : src.path();
    long testSalt = SeedSequence.root(seed).derive("test-split").seed();
    boolean fraction = holdOut && testTable == null && src.splitColumn().isEmpty();
    RowDecoder decoder = ColumnMapping.plan(table.schema(), src, name, testSalt, fraction);
    RowDecoder testDecoder = testTable == null ? null : ColumnMapping.plan(testTable.schema(), src, src.testPath(),
        testSalt, false);
    // the validation pass also counts the rows per hash range of the orders the shards are cut in
    // (Sharding.TRAIN_ORDER, TEST_ORDER), so that the sharding needs no counting job of its own
    SeedSequence root = SeedSequence.root(seed);
    long trainOrder = root.derive(Sharding.TRAIN_ORDER).seed();
    long testOrder = root.derive(Sharding.TEST_ORDER).seed();
    TableStats counting = new TableStats(new RangeCounts(new long[] {trainOrder, testOrder},
        table.javaRDD().getNumPartitions()));
    TableStats stats = scan(table, decoder, src, name, counting);
    int length = length(stats, decoder, src, model);
    if (decoder.expectedLength() < 0) {
      decoder = decoder.withLength(length);
      if (stats.lengths.size() > 1) {
        stats = scan(table, decoder, src, name, counting); // the ragged rows were counted as usable: count them as bad
      }
    }
    TableStats testStats = testTable == null ? null : scan(testTable,
        testDecoder = testDecoder.withLength(length), src, src.testPath(),
        new TableStats(new RangeCounts(new long[] {testOrder}, testTable.javaRDD().getNumPartitions())));
    String skipped = checkBadRows(src, name, stats) + (testStats == null ? "" : checkBadRows(src, src.testPath(), testStats));
    LabelIndex labels = LabelIndex.of(stats.trainLabels, testStats == null ? stats.testLabels : testStats.trainLabels,
        src, model);
    long testRows = testStats == null ? stats.testRows : testStats.trainRows;
    if (stats.trainRows == 0 || (holdOut && testRows == 0)) {
      throw new InvalidConfigException(DataSourceOptions.PATH.key() + " = '" + name + "': " + stats.trainRows
          + " usable training rows and " + testRows + " test rows; expected at least one of each");
    }
    return new TrainingTable(table, decoder, testTable, testDecoder, labels.index(), labels.names(), length,
        shape(src, length), labels.counts(stats.trainLabels), stats.trainRows, testRows, new TreeMap<>(stats.clients),
        skipped, stats.ranges, testStats == null ? stats.ranges : testStats.ranges);
  }

  /**
   * The table of {@code src} (its path checked) as its format's reader gives it, without the
   * position columns this class adds for messages: for scoring ({@code fedspark predict}).
   */
  public static Dataset<Row> readColumns(JobRun job, DataSourceOptions src) {
    return read(job, src, src.path()).drop(ColumnMapping.FILE_COLUMN, ColumnMapping.BLOCK_COLUMN);
  }

  /** The table at {@code path}, with the input file as a column for messages. */
  static Dataset<Row> read(JobRun job, DataSourceOptions src, String path) {
    checkExists(job, path);
    if (src.format() == TableFormat.IDX) {
      return IdxTable.read(job.spark(), job.files(), path);
    }
    try {
      return job.spark().read().format(src.format().sparkName()).options(src.options()).load(path)
          .withColumn(ColumnMapping.FILE_COLUMN, functions.col("_metadata.file_path"))
          .withColumn(ColumnMapping.BLOCK_COLUMN, functions.col("_metadata.file_block_start"));
    } catch (Exception e) { // AnalysisException and SparkException are checked in Java's eyes, thrown by Scala
      throw new BadDataException(DataSourceOptions.PATH.key() + " = '" + path + "': Spark cannot read it as "
          + src.format().configName() + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static void checkExists(JobRun job, String path) {
    job.files().requireExisting(DataSourceOptions.PATH.key(), path, "an existing file or directory");
  }

  /**
   * The validation pass: every row decoded on the executors, only the counts ({@code zero}'s kind
   * of {@link TableStats}) come back. A file the
   * format's reader cannot parse (a number that is not one, a corrupt Parquet page or ORC stripe) is
   * a data error naming the table ({@code name}).
   */
  private static TableStats scan(Dataset<Row> table, RowDecoder decoder, DataSourceOptions src, String name,
      TableStats zero) {
    try {
      return scanRows(table, decoder, zero);
    } catch (RuntimeException e) {
      throw unreadable(e, src, name);
    } catch (Exception e) { // SparkException is checked in Java's eyes, thrown undeclared by Scala
      throw unreadable(e, src, name);
    }
  }

  private static RuntimeException unreadable(Exception e, DataSourceOptions src, String name) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BadDataException || t instanceof InvalidConfigException) {
        return (RuntimeException) t;
      }
      String cls = t.getClass().getName();
      if (t instanceof NumberFormatException || cls.startsWith("org.apache.parquet.")
          || cls.startsWith("org.apache.orc.") || cls.endsWith("MalformedInputException")) {
        return new BadDataException(DataSourceOptions.PATH.key() + " = '" + name + "': a row cannot be read as "
            + src.format().configName() + ": " + firstLine(String.valueOf(t.getMessage())), e);
      }
    }
    return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
  }

  private static TableStats scanRows(Dataset<Row> table, RowDecoder decoder, TableStats zero) {
    return table.javaRDD().mapPartitionsWithIndex((Integer part, Iterator<Row> rows) -> {
      TableStats s = zero.empty();
      RowPosition at = decoder.position();
      while (rows.hasNext()) {
        Row r = rows.next();
        s.add(decoder.raw(r, at.next(r)), at);
      }
      return List.of(s).iterator();
    }, false).treeAggregate(zero.empty(), TableStats::merge, TableStats::merge, 2);
  }

  /** The table's feature count: the declared one, else the most common row length. */
  private static int length(TableStats stats, RowDecoder decoder, DataSourceOptions src, ModelInput model) {
    int length = decoder.expectedLength();
    if (length < 0) {
      long best = -1;
      for (var e : stats.lengths.entrySet()) {
        if (e.getValue() > best) {
          best = e.getValue();
          length = e.getKey();
        }
      }
    }
    if (length >= 0 && length != model.inputs()) {
      throw new InvalidConfigException(DataSourceOptions.FEATURES.key() + " = " + src.features() + ": the table's rows have "
          + length + " features but the model " + model.model() + " takes " + model.inputs());
    }
    return length;
  }

  /** Fails on bad rows under {@code fail}; returns what {@code skip} left out ("" for nothing). */
  private static String checkBadRows(DataSourceOptions src, String path, TableStats stats) {
    if (stats.badRows() == 0) {
      return "";
    }
    if (src.badRows() == BadRows.FAIL) {
      throw new BadDataException(stats.firstBadMessage() + " (" + stats.badRows() + " bad row"
          + (stats.badRows() == 1 ? "" : "s") + " in " + path + ": " + stats.badSummary() + "; "
          + DataSourceOptions.BAD_ROWS.key() + " = skip leaves them out)");
    }
    String summary = path + ": " + stats.badRows() + " rows left out (" + stats.badSummary() + ")";
    System.out.println("[data] " + summary);
    return summary;
  }

  private static int[] shape(DataSourceOptions src, int length) {
    int[] declared = src.shapeDims();
    return declared != null ? declared : new int[] {length};
  }

  private static void recordProvenance(JobRun job, DataSourceOptions src, TrainingTable t) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("format", src.format().configName());
    data.put("path", src.path());
    data.put("files", listing(job, src.path()));
    if (!src.testPath().isEmpty()) {
      data.put("testPath", src.testPath());
      data.put("testFiles", listing(job, src.testPath()));
    }
    data.put("trainRows", t.trainRows());
    data.put("testRows", t.testRows());
    data.put("labels", t.labelNames());
    data.put("skippedRows", t.skipped());
    job.provenance().result("dataSource", data);
    System.out.printf(java.util.Locale.ROOT, "[data] %s: %d training rows, %d test rows, %d classes%n", src.path(),
        t.trainRows(), t.testRows(), t.labelNames().size());
  }

  /** Every file under {@code path} with its size and modification time (what was read). */
  private static List<String> listing(JobRun job, String path) {
    List<String> out = new ArrayList<>();
    Path p = new Path(path);
    try {
      FileSystem fs = job.files().fileSystem(p);
      var it = fs.listFiles(p, true);
      while (it.hasNext() && out.size() < 1000) {
        FileStatus f = it.next();
        out.add(f.getPath() + " " + f.getLen() + " bytes, modified " + f.getModificationTime());
      }
    } catch (IOException e) {
      out.add(path + ": " + e.getMessage());
    }
    return out;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
