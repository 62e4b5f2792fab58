package io.fedspark.jobs.sweep;

import io.fedspark.jobs.io.Csv;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.report.ParquetMetrics;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The sweep result store, on any Hadoop file system path:
 *
 * <pre>
 * STORE/sweeps/ID/sweep.json             the sweep (name, start, metrics, grid keys): {@link SweepMeta}
 * STORE/sweeps/ID/rows/RUNHASH.json      one row per run: {@link RunRow}, written atomically
 * STORE/sweeps/ID/results.csv            the sweep's rows as a table (derived, rewritten)
 * STORE/sweeps/ID/results.parquet        the same with an explicit schema (derived)
 * STORE/sweeps/ID/report.md, report.html, plots/   the report
 * STORE/sweeps/ID/runs/JOB-POINT-seedS-RUNHASH/    each run's own output directory
 * </pre>
 *
 * <p><b>Appends are safe by construction</b>: a run's row is its own immutable file, written under
 * a temporary name and renamed ({@link HadoopFiles}), and the table is the union of the row files.
 * Two sweeps writing at once never touch the same file, so no row can be lost; a reader sees
 * complete rows only. (A retried failed run replaces its own row.) The derived tables are
 * rebuilt from the row files. All sweeps' Parquet tables read together with Spark: {@code
 * spark.read().option("mergeSchema", true).parquet("STORE/sweeps/}{@code *}{@code /results.parquet")}.
 */
public final class ResultStore {
  static final String META = "sweep.json";
  static final String ROWS = "rows";
  static final String CSV = "results.csv";
  static final String PARQUET = "results.parquet";

  private final HadoopFiles files;
  private final Path root;

  public ResultStore(HadoopFiles files, String root) {
    this.files = files;
    Path p = new Path(root);
    this.root = files.fileSystem(p).makeQualified(p);
  }

  public Path root() {
    return root;
  }

  public Path sweepDir(String id) {
    return new Path(new Path(root, "sweeps"), id);
  }

  /** Adds (or, for a retried run, replaces) one run's row, atomically. */
  public void append(RunRow row) {
    files.writeString(new Path(new Path(sweepDir(row.sweepId()), ROWS), row.runHash() + ".json"), row.toJson());
  }

  /** Every row of a sweep (the union of its row files), sorted by config, seed. */
  public List<RunRow> rows(String id) {
    List<RunRow> out = new ArrayList<>();
    for (Path p : list(new Path(sweepDir(id), ROWS))) {
      if (p.getName().endsWith(".json")) {
        out.add(RunRow.fromJson(read(p), p.toString()));
      }
    }
    out.sort(Comparator.comparing(RunRow::config).thenComparingLong(RunRow::seed));
    return out;
  }

  /** Writes the sweep's metadata unless it exists (a resumed sweep keeps its first start). */
  public SweepMeta writeMetaIfAbsent(SweepMeta meta) {
    SweepMeta existing = meta(meta.id());
    if (existing != null) {
      return existing;
    }
    files.writeString(new Path(sweepDir(meta.id()), META), meta.toJson());
    return meta;
  }

  /** A sweep's metadata, or null if the store has no such sweep. */
  public SweepMeta meta(String id) {
    Path p = new Path(sweepDir(id), META);
    try {
      if (!files.fileSystem(p).exists(p)) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
    return SweepMeta.fromJson(read(p), p.toString());
  }

  /** Every sweep in the store, oldest first (by first start, then id). */
  public List<SweepMeta> sweeps() {
    List<SweepMeta> out = new ArrayList<>();
    for (Path dir : list(new Path(root, "sweeps"))) {
      SweepMeta m = meta(dir.getName());
      if (m != null) {
        out.add(m);
      }
    }
    out.sort(Comparator.comparing(SweepMeta::started).thenComparing(SweepMeta::id));
    return out;
  }

  /** Columns of the results table (CSV and Parquet). */
  static List<String> columns(List<String> gridKeys, List<String> valueNames) {
    List<String> c = new ArrayList<>(List.of("sweep_id", "sweep_name", "job", "command", "config", "run_hash"));
    gridKeys.forEach(k -> c.add(column(k)));
    c.addAll(List.of("seed", "status"));
    c.addAll(valueNames);
    c.addAll(List.of("run_dir", "provenance", "started", "finished", "error"));
    return c;
  }

  /** Value columns: the tracked metrics, then the measured ones not tracked. */
  static List<String> valueNames(List<TrackedMetric> metrics) {
    Set<String> names = new LinkedHashSet<>();
    metrics.forEach(m -> names.add(m.name()));
    names.addAll(TrackedMetric.MEASURED);
    return new ArrayList<>(names);
  }

  /** A grid key as a column name: {@code federate.client.learning-rate} -> {@code federate_client_learning_rate}. */
  static String column(String key) {
    return key.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** The rows as CSV (RFC 4180 quoting), columns as {@link #columns}. */
  static String csv(List<RunRow> rows, List<String> gridKeys, List<String> valueNames) {
    StringBuilder sb = new StringBuilder(String.join(",", columns(gridKeys, valueNames))).append('\n');
    for (RunRow r : rows) {
      List<String> f = new ArrayList<>(List.of(r.sweepId(), r.sweepName(), r.job(), r.command(), r.config(), r.runHash()));
      gridKeys.forEach(k -> f.add(r.grid().getOrDefault(k, "")));
      f.add(Long.toString(r.seed()));
      f.add(r.status());
      for (String v : valueNames) {
        double x = r.value(v);
        f.add(Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.6g", x));
      }
      f.addAll(List.of(r.runDir(), r.provenance(), r.started(), r.finished(), r.error()));
      for (int i = 0; i < f.size(); i++) {
        sb.append(i == 0 ? "" : ",").append(Csv.field(f.get(i)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Rewrites the sweep's results.csv from its row files. */
  public void writeCsv(String id, List<String> gridKeys, List<String> valueNames) {
    files.writeString(new Path(sweepDir(id), CSV), csv(rows(id), gridKeys, valueNames));
  }

  /** Rewrites the sweep's results.parquet from its row files (explicit schema: strings, long seed, doubles). */
  public void writeParquet(SparkSession spark, String id, List<String> gridKeys, List<String> valueNames) {
    List<String> cols = columns(gridKeys, valueNames);
    StructType schema = new StructType();
    for (String c : cols) {
      DataType t = c.equals("seed") ? DataTypes.LongType : valueNames.contains(c) ? DataTypes.DoubleType : DataTypes.StringType;
      schema = schema.add(c, t, true);
    }
    List<Row> out = new ArrayList<>();
    for (RunRow r : rows(id)) {
      List<Object> v = new ArrayList<>(List.of(r.sweepId(), r.sweepName(), r.job(), r.command(), r.config(), r.runHash()));
      gridKeys.forEach(k -> v.add(r.grid().getOrDefault(k, null)));
      v.add(r.seed());
      v.add(r.status());
      for (String n : valueNames) {
        double x = r.value(n);
        v.add(Double.isNaN(x) ? null : x);
      }
      v.addAll(List.of(r.runDir(), r.provenance(), r.started(), r.finished(), r.error()));
      out.add(RowFactory.create(v.toArray()));
    }
    ParquetMetrics.write(spark, schema, out, new Path(sweepDir(id), PARQUET).toString());
  }

  private List<Path> list(Path dir) {
    FileSystem fs = files.fileSystem(dir);
    try {
      List<Path> out = new ArrayList<>();
      for (FileStatus s : fs.listStatus(dir)) {
        String n = s.getPath().getName();
        if (!n.startsWith(".") && !n.startsWith("_")) {
          out.add(s.getPath());
        }
      }
      out.sort(Comparator.comparing(Path::getName));
      return out;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private String read(Path p) {
    try (InputStream in = files.fileSystem(p).open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
