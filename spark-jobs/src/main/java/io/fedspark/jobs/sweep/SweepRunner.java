package io.fedspark.jobs.sweep;

import com.typesafe.config.ConfigValueFactory;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.SparkSessions;
import io.fedspark.jobs.cli.UserInputException;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.JobKind;
import io.fedspark.jobs.experiment.GridRunner;
import io.fedspark.jobs.experiment.RunOutcome;
import io.fedspark.jobs.io.HadoopFiles;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a sweep on the current Spark master ({@code fedspark sweep FILE}).
 *
 * <ol>
 *   <li>Validates every run of every job ({@link SweepPlan}); nothing is written on a bad value.
 *   <li>Opens the SparkSession and the result store; records the sweep ({@code sweep.json}) the
 *       first time; finds the runs that already have a complete ({@code ok}) row: they are skipped
 *       (resume). Failed runs are retried.
 *   <li>Runs the others on a driver-side pool of {@code sweep.parallelism} threads, each submitting
 *       its job's Spark jobs concurrently in the one SparkContext, under the job group {@code
 *       sweep-ID-RUNHASH} (the jobs set their own groups per round or epoch, which then show in
 *       the UI) and with the job tag {@code fedspark-sweep-ID-RUNHASH} on every one of them, each
 *       into its own run directory with its own provenance. A run that throws is recorded as
 *       failed with its error; the sweep goes on.
 *   <li>After each run: its row is appended and {@code results.csv} rebuilt. At the end: {@code
 *       results.parquet} and the report ({@link SweepReport}), compared with the latest earlier
 *       sweep of the same name.
 * </ol>
 */
public final class SweepRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SweepRunner.class);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  /** Runs one job of the sweep; returns its run directory. Tests replace it to inject failures. */
  @FunctionalInterface
  public interface RunExecutor {
    String run(JobKind command, JobContext context);
  }

  /**
   * Outcome of a sweep invocation.
   *
   * @param id the sweep id
   * @param dir its directory in the store
   * @param rows every row of the sweep (skipped runs' earlier rows included)
   * @param executed runs executed by this invocation
   * @param skipped runs skipped as already complete
   * @param stopped whether the test hook stopped the sweep early (no report then)
   * @param report the report, or null if stopped
   * @param comparison against the previous sweep of the same name, or null
   */
  public record Result(String id, Path dir, List<RunRow> rows, int executed, int skipped, boolean stopped, SweepReport.Written report,
      SweepComparison comparison) {
    public long failed() {
      return rows.stream().filter(r -> !r.ok()).count();
    }
  }

  private SweepRunner() {}

  /** The default sweep id: {@code NAME-yyyyMMdd} (UTC), so a rerun on the same day resumes. */
  static String defaultId(SweepSpec spec, Instant now) {
    return spec.name() + "-" + DAY.format(now);
  }

  /**
   * Runs a sweep, each run through {@code executor}: every job's grid run by the grid engine
   * ({@link GridRunner}) on {@code sweep.parallelism} threads, skipping the runs the store already
   * has complete.
   */
  public static Result run(SweepSpec spec, List<String> arguments, PrintStream out, RunExecutor executor) {
    ConfigLoader loader = ConfigLoader.withShippedDefaults();
    SweepPlan plan = SweepPlan.validate(spec, loader);
    SparkSession spark = SparkSessions.getOrCreate(io.fedspark.jobs.config.SparkOptions.from(plan.sessionConfig()));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopFiles files = new HadoopFiles(jsc.hadoopConfiguration());
    ResultStore store = new ResultStore(files, spec.store());
    String id = spec.id().isEmpty() ? defaultId(spec, Instant.now()) : spec.id();
    SweepMeta meta = store.writeMetaIfAbsent(meta(store, id, spec, plan, jsc.master()));
    List<String> valueNames = ResultStore.valueNames(meta.metrics());

    List<SweepPlan.Run> pending = pending(store, id, plan);
    int skipped = plan.runs().size() - pending.size();
    int stopAfter = io.fedspark.jobs.TestHooks.fromSystemProperties().sweepStopAfter();
    int limit = stopAfter > 0 ? Math.min(stopAfter, pending.size()) : pending.size();
    out.printf(Locale.ROOT, "[sweep] %s: %d job(s), %d runs (%d already complete, skipped), parallelism %d, master %s; store %s%n", id,
        spec.jobs().size(), plan.runs().size(), skipped, spec.parallelism(), jsc.master(), store.sweepDir(id));

    MemoryPeaks peaks = new MemoryPeaks();
    spark.sparkContext().addSparkListener(peaks);
    try {
      GridRunner.runAll("sweep " + id, pending.subList(0, limit), spec.parallelism(), "fedspark-sweep-" + id,
          run -> runOne(run, id, spec, meta, arguments, loader, jsc, files, store, peaks, executor),
          (run, row, n) -> {
            store.append(row);
            store.writeCsv(id, meta.gridKeys(), valueNames);
            out.printf(Locale.ROOT, "[sweep] %d/%d %s, seed %d: %s (%.1f s)%n", n, limit, run.config(), run.planned().seed(),
                row.ok() ? headline(row, meta) : "FAILED: " + row.error(), row.value("wall_seconds"));
          });
    } finally {
      spark.sparkContext().removeSparkListener(peaks);
      peaks.close();
    }
    List<RunRow> rows = store.rows(id);
    if (limit < pending.size()) {
      out.printf(Locale.ROOT, "[sweep] %s: stopped after %d of %d pending runs (fedspark.test.sweep-stop-after); run the same command again to"
          + " finish%n", id, limit, pending.size());
      return new Result(id, store.sweepDir(id), rows, limit, skipped, true, null, null);
    }
    store.writeCsv(id, meta.gridKeys(), valueNames);
    store.writeParquet(spark, id, meta.gridKeys(), valueNames);
    return report(spec, plan, store, files, meta, rows, limit, skipped, out);
  }

  /** The sweep's record: this spec's, or the one an earlier invocation of the same id wrote. */
  private static SweepMeta meta(ResultStore store, String id, SweepSpec spec, SweepPlan plan, String master) {
    SweepMeta existing = store.meta(id);
    if (existing != null && !existing.name().equals(spec.name())) {
      throw new UserInputException("sweep id " + id + " in store " + store.root() + " belongs to sweep '" + existing.name()
          + "', not '" + spec.name() + "'; choose another id (--set sweep.id=...)");
    }
    Set<String> gridKeys = new LinkedHashSet<>();
    plan.runs().forEach(r -> gridKeys.addAll(r.grid().keySet()));
    return new SweepMeta(id, spec.name(), Instant.now().toString(), master, spec.metrics(), new ArrayList<>(gridKeys),
        spec.source(), spec.resolvedJson());
  }

  /** The runs without a complete ({@code ok}) row in the store, in plan order; failed runs are retried. */
  private static List<SweepPlan.Run> pending(ResultStore store, String id, SweepPlan plan) {
    Set<String> done = new HashSet<>();
    for (RunRow r : store.rows(id)) {
      if (r.ok()) {
        done.add(r.runHash());
      }
    }
    return plan.runs().stream().filter(r -> !done.contains(r.hash())).toList();
  }

  /** Writes the report, compared with the latest earlier sweep of the same name, and prints its table. */
  private static Result report(SweepSpec spec, SweepPlan plan, ResultStore store, HadoopFiles files, SweepMeta meta,
      List<RunRow> rows, int executed, int skipped, PrintStream out) {
    String id = meta.id();
    List<SweepReport.Past> history = new ArrayList<>();
    SweepMeta baseline = null;
    for (SweepMeta m : store.sweeps()) {
      if (m.name().equals(spec.name()) && !m.id().equals(id)) {
        history.add(new SweepReport.Past(m, store.rows(m.id())));
        if (m.started().compareTo(meta.started()) <= 0) {
          baseline = m;
        }
      }
    }
    history.removeIf(p -> p.meta().started().compareTo(meta.started()) > 0);
    history.add(new SweepReport.Past(meta, rows));
    SweepComparison comparison = baseline == null ? null
        : SweepComparison.of(meta, rows, baseline, history.get(history.size() - 2).rows());
    SweepReport.Written report = SweepReport.write(files, store.sweepDir(id), meta, rows, plan.runs().size(), history, comparison);
    long failed = rows.stream().filter(r -> !r.ok()).count();
    out.println();
    out.print(report.table());
    if (comparison != null) {
      out.printf(Locale.ROOT, "%n[sweep] compared with %s: %d regression(s) beyond tolerance%n", baseline.id(), comparison.regressions().size());
    }
    out.printf(Locale.ROOT, "[sweep] %s: %d runs executed, %d skipped, %d failed; report %s%n", id, executed, skipped, failed, report.html());
    return new Result(id, store.sweepDir(id), rows, executed, skipped, false, report, comparison);
  }

  private static RunRow runOne(SweepPlan.Run run, String id, SweepSpec spec, SweepMeta meta, List<String> arguments, ConfigLoader loader,
      JavaSparkContext jsc, HadoopFiles files, ResultStore store, MemoryPeaks peaks, RunExecutor executor) {
    String runDir = new Path(new Path(store.sweepDir(id), "runs"), run.dirName()).toString();
    List<String> overrides = new ArrayList<>(run.planned().overrides());
    overrides.add("run.dir=" + ConfigValueFactory.fromAnyRef(runDir).render());
    overrides.add("run.overwrite=true"); // a run interrupted earlier left a partial directory
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    MemoryPeaks.Window window = peaks.open();
    String tag = "fedspark-sweep-" + id + "-" + run.hash();
    jsc.setJobGroup("sweep-" + id + "-" + run.hash(), "fedspark sweep " + id + ": " + run.config() + ", seed " + run.planned().seed(),
        false);
    jsc.sc().addJobTag(tag); // survives the job's own per-round / per-epoch job groups
    Map<String, Double> values = new LinkedHashMap<>();
    String status = RunRow.OK;
    String error = "";
    String provenance = "";
    try {
      JobContext context = GridRunner.context(run.command().configName(), loader, overrides, arguments,
          "(sweep " + id + ", run " + run.hash() + ")");
      JobConfig cfg = context.config();
      String dir = executor.run(run.command(), context);
      runDir = dir;
      double wall = (System.nanoTime() - t0) / 1e9;
      try {
        values.putAll(RunMeasures.results(files, dir));
        provenance = new Path(dir, io.fedspark.jobs.provenance.Provenance.FILE).toString();
      } catch (FileNotFoundException e) {
        throw new IllegalStateException("the run wrote no provenance.json: it stopped before its end (fedspark.test.stop-after?)");
      }
      double eps = RunMeasures.examplesPerSecond(files, dir, cfg, values, wall);
      if (!Double.isNaN(eps)) {
        values.put("examples_per_second", eps);
      }
    } catch (Exception | LinkageError e) {
      LOG.warn("sweep {}: run {} ({}, seed {}) failed", id, run.hash(), run.config(), run.planned().seed(), e);
      status = RunRow.FAILED;
      error = RunOutcome.failureMessage(e);
    } finally {
      peaks.close(window);
      jsc.sc().removeJobTag(tag);
      jsc.clearJobGroup();
    }
    values.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
    values.put("driver_peak_heap_mb", window.driverMb());
    if (!Double.isNaN(window.executorMb())) {
      values.put("executor_peak_heap_mb", window.executorMb());
    }
    return new RunRow(id, spec.name(), run.job(), run.command().configName(), run.config(), run.hash(), run.grid(), run.planned().seed(), status,
        error, values, runDir, provenance, started.toString(), Instant.now().toString());
  }

  /** "finalTestAccuracy=0.9123" for the tracked metrics the row has. */
  private static String headline(RunRow row, SweepMeta meta) {
    List<String> parts = new ArrayList<>();
    for (TrackedMetric m : meta.metrics()) {
      if (!Double.isNaN(row.value(m.name()))) {
        parts.add(m.name() + "=" + SweepComparison.number(row.value(m.name())));
      }
    }
    return parts.isEmpty() ? "ok" : "ok " + String.join(" ", parts);
  }
}
