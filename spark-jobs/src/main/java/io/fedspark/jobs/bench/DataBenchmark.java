package io.fedspark.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.jobs.provenance.BuildInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code bench data}: the scale proof of the data plane. On a synthetic Parquet table
 * ({@link SyntheticTable}) several times larger than the driver's heap, each measurement runs in a
 * fresh JVM with that heap ({@link ChildJvm}, {@code -Xmx512m} at full size) on {@code local[2]},
 * where the executors share the driver's JVM, so the heap limit bounds everything:
 * <ul>
 *   <li>the baseline: Spark's own scan of the table, {@code spark.read.parquet(p).select(features,
 *       label)} consumed on the executors (every vector deserialised), in rows/s;</li>
 *   <li>{@code fedspark train} on the table, one epoch: the read path (validation scan, shuffles,
 *       shards cached) and the first epoch;</li>
 *   <li>{@code fedspark federate}, natural partition by the client column: the read path (client and
 *       test shards cached) and the first round;</li>
 *   <li>the peak heap of every JVM ({@link HeapWatch}: peak used, peak after a collection).</li>
 * </ul>
 * Figures are ratios against the scan measured in the same run: read-path rate / scan rate (the
 * issue's target is at least {@value DataBenchOptions#READ_TARGET}) and (read + first epoch or round)
 * rate / scan rate, where a rate is the table's rows divided by the seconds; medians over the
 * repetitions, which interleave scan, train and federate. The table is reused between runs when
 * its marker matches the spec.
 */
public final class DataBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double MB = 1024.0 * 1024.0;

  private final DataBenchOptions options;
  private final PrintStream progress;

  public DataBenchmark(DataBenchOptions options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  /** The report and the runs behind it (for the breakdown of where the time goes). */
  public record Outcome(BenchReport report, List<DataBenchRun> scans, List<DataBenchRun> trains,
      List<DataBenchRun> federates) {}

  /**
   * Runs the benchmark: writes the table into {@code tableDir} unless it is there already, then
   * the measurements, whose logs and results go to {@code workDir}.
   */
  public Outcome run(Path tableDir, Path workDir, String command) {
    Instant start = Instant.now();
    double loadStart = MachineDescription.loadAverage();
    String tableNote = ensureTable(tableDir, workDir);
    long tableBytes = tableBytes(tableDir);
    List<DataBenchRun> scans = new ArrayList<>();
    List<DataBenchRun> trains = new ArrayList<>();
    List<DataBenchRun> federates = new ArrayList<>();
    for (int rep = 1; rep <= options.repetitions(); rep++) {
      scans.add(measure("scan", rep, tableDir, workDir));
      trains.add(measure("train", rep, tableDir, workDir));
      federates.add(measure("federate", rep, tableDir, workDir));
    }
    List<List<DataBenchRun>> all = List.of(scans, trains, federates);
    checkRowsRead(all, scans);
    double loadEnd = MachineDescription.loadAverage();

    long heapLimit = scans.get(0).heapLimit();
    List<BenchRecord> records = records(scans, trains, federates, tableBytes, heapLimit);
    Map<String, String> notes = tableNotes(tableDir, tableBytes, tableNote, heapLimit, all);
    putMethodNotes(notes, tableDir, workDir);
    notes.put("load", loadNote(loadStart, loadEnd, all));
    notes.put("runs", workDir.toAbsolutePath() + " (per JVM: log, measurement JSON with every stage, run directory)");
    notes.put("versions", "fedspark " + BuildInfo.version() + " (git " + BuildInfo.gitCommit() + ")");
    if ((double) tableBytes / heapLimit < DataBenchOptions.TABLE_TO_HEAP_TARGET) {
      notes.put("NOTE", "this table is smaller than 4 x the heap: these figures do not prove the 4x claim");
    }
    notes.put("phases (median run)", phaseNote(median(trains)) + " | " + phaseNote(median(federates)));
    MachineDescription machine = MachineDescription.detect(trains.get(0).json().path("math").asText("unknown"));
    BenchReport report = new BenchReport("data", options.mode(), command, start, Instant.now(), machine,
        new SamplerOptions(Duration.ZERO, options.repetitions(), Duration.ofNanos(1)), notes, records);
    return new Outcome(report, scans, trains, federates);
  }

  private static long tableBytes(Path tableDir) {
    try {
      return SyntheticTable.parquetBytes(tableDir);
    } catch (IOException e) {
      throw new UncheckedIOException("bench data: cannot list " + tableDir + ": " + e.getMessage(), e);
    }
  }

  /** Every run saw the whole table, and every scan every vector entry. */
  private void checkRowsRead(List<List<DataBenchRun>> all, List<DataBenchRun> scans) {
    SyntheticTable.Spec spec = options.table();
    for (List<DataBenchRun> runs : all) {
      for (DataBenchRun r : runs) {
        if (r.tableRows() != spec.rows()) {
          throw new IllegalStateException("bench data: the " + r.kind() + " run saw " + r.tableRows() + " rows, but the"
              + " table has " + spec.rows() + " (see " + r.log() + ")");
        }
      }
    }
    for (DataBenchRun s : scans) {
      if (s.json().path("featureValues").asLong() != spec.rows() * spec.features()) {
        throw new IllegalStateException("bench data: the scan saw " + s.json().path("featureValues").asLong()
            + " vector entries, expected " + spec.rows() * spec.features());
      }
    }
  }

  /** The figures: each job's read path and read + first epoch or round against the scan, the table and the heaps. */
  private List<BenchRecord> records(List<DataBenchRun> scans, List<DataBenchRun> trains,
      List<DataBenchRun> federates, long tableBytes, long heapLimit) {
    Sample scan = sample(scans, DataBenchRun::readSeconds, DataBenchRun::readCpuSeconds);
    List<BenchRecord> records = new ArrayList<>();
    for (List<DataBenchRun> runs : List.of(trains, federates)) {
      String job = runs.get(0).kind();
      records.add(rate(job + ": read path", runs, DataBenchRun::readSeconds, DataBenchRun::readCpuSeconds, scan,
          DataBenchOptions.READ_TARGET, DataBenchmark::readDetails));
      records.add(rate(job + ": read + " + (job.equals("train") ? "epoch 1" : "round 1"), runs,
          r -> r.readSeconds() + r.firstSeconds(), DataBenchRun::readAndFirstCpuSeconds, scan, null,
          DataBenchmark::firstDetails));
    }
    Map<String, Double> td = new LinkedHashMap<>();
    td.put("tableBytes", (double) tableBytes);
    td.put("heapLimitBytes", (double) heapLimit);
    td.put("rows", (double) options.table().rows());
    records.add(new BenchRecord("table on disk", tableBytes / MB, "MB", "heap limit (-Xmx)", heapLimit / MB,
        (double) tableBytes / heapLimit, DataBenchOptions.TABLE_TO_HEAP_TARGET, null, null, td, null));
    for (List<DataBenchRun> runs : List.of(scans, trains, federates)) {
      records.add(heapRecord(runs));
    }
    return records;
  }

  /** The notes on the table and whether the heap target holds. */
  private Map<String, String> tableNotes(Path tableDir, long tableBytes, String tableNote, long heapLimit,
      List<List<DataBenchRun>> all) {
    double tableToHeap = (double) tableBytes / heapLimit;
    boolean bigEnough = tableToHeap >= DataBenchOptions.TABLE_TO_HEAP_TARGET;
    long worstPeak = all.stream().flatMap(List::stream).mapToLong(DataBenchRun::peakUsed).max().orElse(0);
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("table", options.table().describe() + String.format(Locale.ROOT, "; %.0f MB of Parquet in %s (%s)",
        tableBytes / MB, tableDir.toAbsolutePath(), tableNote));
    notes.put("heap target", String.format(Locale.ROOT, "%s: every JVM ran with -Xmx%dm (limit %.0f MB) and finished;"
        + " highest used heap %.0f MB; the table is %.2f x the limit%s", bigEnough ? "HOLDS" : "NOT PROVEN",
        options.heapMb(), heapLimit / MB, worstPeak / MB, tableToHeap, bigEnough
            ? " (target >= " + DataBenchOptions.TABLE_TO_HEAP_TARGET + ")"
            : "; the table is not 4 x the heap, so this run does not prove the scale claim (run without --quick)"));
    return notes;
  }

  /** Appends the notes on how each measurement ran and what its rates mean. */
  private void putMethodNotes(Map<String, String> notes, Path tableDir, Path workDir) {
    Path runDir = workDir.resolve("run");
    notes.put("measuring JVMs", "each measurement in a fresh JVM: -Xmx" + options.heapMb() + "m, "
        + ChildJvm.G1_REGION + ", Spark's module options, the math core's pinning options"
        + (options.extraJvmOptions().isEmpty() ? "" : ", " + String.join(" ", options.extraJvmOptions())) + "; master "
        + DataBenchOptions.MASTER + " (the executors share the driver's JVM, so its heap bounds everything);"
        + " Spark session started before the clock");
    notes.put("scan", "spark.read.parquet(table).select(features, label).javaRDD(), every row's vector deserialised,"
        + " vector sizes and labels summed on the executors and reduced");
    notes.put("train", "fedspark train with " + String.join(" ", options.trainSettings(tableDir, runDir)));
    notes.put("federate", "fedspark federate with " + String.join(" ", options.federateSettings(tableDir, runDir)));
    notes.put("rates", "table rows / seconds. Read path: from the job's start (session already up) to the start of"
        + " training: for train, until it prints '[train] ... in P partitions' (validation, train and test shards"
        + " cached); for federate, until round 1 starts (its '[federate] round 1/' line minus the round's own seconds:"
        + " validation, client and test shards cached). Epoch 1 / round 1: the seconds of the job's metrics.csv"
        + " (train: training only; federate: round 1, not evaluated). Scan: the whole scan. cpu: rows per process"
        + " CPU second (all threads: tasks, GC, JIT, driver) over the same phases, federate's read path including"
        + " round 1 (it ends that phase) and train's epoch 1 the epoch's share of its phase (evaluation and outputs"
        + " follow it): unlike wall time it does not count the time other processes held the cores");
    notes.put("repetitions", options.repetitions() + " (scan, train, federate interleaved; medians; +- = half the"
        + " min-max range)");
  }

  /** Writes the table unless a complete one is there; returns how it came to be. */
  private String ensureTable(Path tableDir, Path workDir) {
    SyntheticTable.Spec spec = options.table();
    if (SyntheticTable.isComplete(tableDir, spec)) {
      progress.println("[bench data] reusing the table in " + tableDir + " (its marker matches)");
      return "reused: written by an earlier run with the same spec";
    }
    progress.println("[bench data] writing the table (" + spec.describe() + ") to " + tableDir + " ...");
    ChildJvm jvm = new ChildJvm(options.generatorHeapMb(), workDir.resolve("generate.log"), options.timeout(),
        options.extraJvmOptions());
    long t0 = System.nanoTime();
    List<String> args = new ArrayList<>(List.of("generate", tableDir.toAbsolutePath().toString()));
    args.addAll(spec.toArgs());
    int code = jvm.run(DataBenchFork.class, args, progress, "  ");
    if (code != 0 || !SyntheticTable.isComplete(tableDir, spec)) {
      throw new IllegalStateException("bench data: writing the table to " + tableDir + " failed (exit " + code
          + "); the last lines of " + jvm.log() + ":\n" + jvm.tail(30));
    }
    return String.format(Locale.ROOT, "written by this run in %.0f s, in a JVM with -Xmx%dm",
        (System.nanoTime() - t0) / 1e9, options.generatorHeapMb());
  }

  /** One measurement in a fresh JVM. */
  private DataBenchRun measure(String kind, int rep, Path tableDir, Path workDir) {
    String name = "rep" + rep + "-" + kind;
    Path result = workDir.resolve(name + ".json");
    Path runDir = workDir.resolve(name + "-run");
    List<String> settings = switch (kind) {
      case "scan" -> options.scanSettings(tableDir, runDir);
      case "train" -> options.trainSettings(tableDir, runDir);
      default -> options.federateSettings(tableDir, runDir);
    };
    List<String> args = new ArrayList<>(List.of(kind, result.toAbsolutePath().toString(),
        tableDir.toAbsolutePath().toString()));
    args.addAll(settings);
    ChildJvm jvm = new ChildJvm(options.heapMb(), workDir.resolve(name + ".log"), options.timeout(),
        options.extraJvmOptions());
    progress.printf(Locale.ROOT, "[bench data] repetition %d/%d: %s in a JVM with -Xmx%dm%n", rep,
        options.repetitions(), kind, options.heapMb());
    long t0 = System.nanoTime();
    double loadBefore = MachineDescription.loadAverage();
    int code = jvm.run(DataBenchFork.class, args, progress, "  ");
    if (code != 0 || !Files.isRegularFile(result)) {
      String tail = jvm.tail(40);
      throw new IllegalStateException("bench data: the " + kind + " run (a JVM with -Xmx" + options.heapMb() + "m) failed"
          + (code == -1 ? " (killed after " + options.timeout().toMinutes() + " min)" : " with exit code " + code)
          + (tail.contains("OutOfMemoryError") ? ": OUT OF MEMORY" : "") + "; the last lines of " + jvm.log() + ":\n"
          + tail);
    }
    try {
      DataBenchRun r = new DataBenchRun(kind, JSON.readTree(result.toFile()), jvm.log(), loadBefore,
          MachineDescription.loadAverage());
      progress.printf(Locale.ROOT, "[bench data]   %s: %,d rows, %s %.1f s%s, JVM %.0f s, peak heap %.0f MB used, %.0f MB"
          + " after GC%n", kind, r.tableRows(), kind.equals("scan") ? "scan" : "read path", r.readSeconds(),
          kind.equals("scan") ? "" : String.format(Locale.ROOT, ", %s %.1f s", kind.equals("train") ? "epoch 1"
              : "round 1", r.firstSeconds()), (System.nanoTime() - t0) / 1e9, r.peakUsed() / MB, r.peakAfterGc() / MB);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("bench data: cannot read " + result + ": " + e.getMessage(), e);
    }
  }

  /**
   * The repetitions' rates: rows per wall second ({@code seconds}) and rows per process CPU second
   * ({@code cpuSeconds}, all threads: tasks, GC, JIT, driver), which does not count the time other
   * processes held the cores.
   */
  private static Sample sample(List<DataBenchRun> runs, ToDoubleFunction<DataBenchRun> seconds,
      ToDoubleFunction<DataBenchRun> cpuSeconds) {
    double[] r = runs.stream().mapToDouble(x -> x.tableRows() / seconds.applyAsDouble(x)).toArray();
    double[] cpuPerWall = runs.stream().mapToDouble(x -> cpuSeconds.applyAsDouble(x) / seconds.applyAsDouble(x))
        .toArray();
    double[] cpuRate = runs.stream().mapToDouble(x -> x.tableRows() / cpuSeconds.applyAsDouble(x)).toArray();
    return Sample.of(r, cpuPerWall, cpuRate);
  }

  private static BenchRecord rate(String name, List<DataBenchRun> runs, ToDoubleFunction<DataBenchRun> seconds,
      ToDoubleFunction<DataBenchRun> cpuSeconds, Sample scan, Double target,
      java.util.function.Function<DataBenchRun, Map<String, Double>> details) {
    Sample s = sample(runs, seconds, cpuSeconds);
    Map<String, Double> d = new LinkedHashMap<>(details.apply(median(runs)));
    return new BenchRecord(name, s.median(), "rows/s", "Spark scan", scan.median(), s.median() / scan.median(), target,
        s, scan, d, s.threadCpuRate() / scan.threadCpuRate());
  }

  /** The run whose read path took the median time (the lower middle one for an even count). */
  static DataBenchRun median(List<DataBenchRun> runs) {
    List<DataBenchRun> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(DataBenchRun::readSeconds));
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static Map<String, Double> readDetails(DataBenchRun r) {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("tableRows", (double) r.tableRows());
    d.put("trainRows", r.json().path("trainRows").asDouble());
    d.put("testRows", r.json().path("testRows").asDouble());
    d.put("readSeconds", r.readSeconds());
    JsonNode phases = r.json().path("phases");
    for (int i = 0; i < phases.size() - 1; i++) {
      d.put(phases.get(i).path("name").asText() + " seconds", phases.get(i).path("seconds").asDouble());
      d.put(phases.get(i).path("name").asText() + " gcSeconds", phases.get(i).path("gcSeconds").asDouble());
    }
    for (Map.Entry<String, double[]> e : stagesByName(r, r.readSeconds()).entrySet()) {
      d.put("stage " + e.getKey() + " seconds", e.getValue()[0]);
    }
    return d;
  }

  private static Map<String, Double> firstDetails(DataBenchRun r) {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("readSeconds", r.readSeconds());
    d.put(r.kind().equals("train") ? "epoch1Seconds" : "round1Seconds", r.firstSeconds());
    if (r.kind().equals("train")) {
      d.put("epoch1ExamplesPerSecond", r.json().path("firstExamplesPerSecond").asDouble());
    } else {
      d.put("clients", r.json().path("clients").asDouble());
      d.put("droppedClients", r.json().path("droppedClients").asDouble());
      d.put("cohort", r.json().path("cohort").asDouble());
    }
    d.put("testAccuracy", r.json().path("testAccuracy").asDouble());
    return d;
  }

  /** Wall seconds and count of the stages that started before {@code until}, summed by name (call site). */
  static Map<String, double[]> stagesByName(DataBenchRun r, double until) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (JsonNode s : r.json().path("stages")) {
      if (s.path("start").asDouble() < until) {
        double[] v = out.computeIfAbsent(s.path("name").asText(), k -> new double[2]);
        v[0] += s.path("end").asDouble() - s.path("start").asDouble();
        v[1]++;
      }
    }
    return out;
  }

  /**
   * The highest peak used heap of {@code runs} against the limit (the JVM's own figures,
   * {@link HeapWatch}), with what was left after collections, the old generation's peak and the
   * collections of that run.
   */
  private static BenchRecord heapRecord(List<DataBenchRun> runs) {
    DataBenchRun worst = runs.stream().max(Comparator.comparingLong(DataBenchRun::peakUsed)).orElseThrow();
    long limit = worst.heapLimit();
    JsonNode heap = worst.json().path("heap");
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("targetMaxRatio", 1.0);
    d.put("peakBeforeGcMB", heap.path("peakBeforeGc").asLong() / MB);
    d.put("peakAfterGcMB", runs.stream().mapToLong(DataBenchRun::peakAfterGc).max().orElse(0) / MB);
    d.put("peakAfterFullGcMB", heap.path("peakAfterFullGc").asLong(-1) < 0 ? -1 : heap.path("peakAfterFullGc").asLong()
        / MB);
    d.put("fullCollections", heap.path("fullCollections").asDouble());
    heap.path("poolPeaks").fields().forEachRemaining(e -> d.put("poolPeakMB." + e.getKey(), e.getValue().asLong() / MB));
    heap.path("collectors").fields().forEachRemaining(e -> {
      d.put("collections." + e.getKey(), e.getValue().path("count").asDouble());
      d.put("collectionSeconds." + e.getKey(), e.getValue().path("seconds").asDouble());
    });
    heap.path("afterGcByPhase").fields()
        .forEachRemaining(e -> d.put("peakAfterGcMB." + e.getKey(), e.getValue().asLong() / MB));
    return new BenchRecord(worst.kind() + ": peak heap used", worst.peakUsed() / MB, "MB", "heap limit (-Xmx)",
        limit / MB, (double) worst.peakUsed() / limit, null, null, null, d, null);
  }

  /**
   * The 1-minute load averages around the run and around each measurement, with a warning when
   * other processes competed for the cores (above a quarter of them before the run, or above all of
   * them at any point: one measurement keeps about two busy itself).
   */
  static String loadNote(double start, double end, List<List<DataBenchRun>> runs) {
    int cores = Runtime.getRuntime().availableProcessors();
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "1-min load average %.2f at start, %.2f at end (%d"
        + " cores); around each measurement:", start, end, cores));
    double max = Math.max(start, end);
    for (List<DataBenchRun> list : runs) {
      for (DataBenchRun r : list) {
        sb.append(String.format(Locale.ROOT, " %s %.1f-%.1f,", r.kind(), r.loadBefore(), r.loadAfter()));
        max = Math.max(max, Math.max(r.loadBefore(), r.loadAfter()));
      }
    }
    sb.setLength(sb.length() - 1);
    if (start > 0.25 * cores || max > cores) {
      sb.append("; WARNING: other processes were competing for the cores, so the times are noisy (the JSON's"
          + " valueCpuPerWall / baselineCpuPerWall say how many cores each read path got)");
    }
    return sb.toString();
  }

  private static String phaseNote(DataBenchRun r) {
    StringBuilder sb = new StringBuilder(r.kind()).append(':');
    for (JsonNode p : r.json().path("phases")) {
      sb.append(String.format(Locale.ROOT, " %s %.1f s (GC %.1f s);", p.path("name").asText(),
          p.path("seconds").asDouble(), p.path("gcSeconds").asDouble()));
    }
    return sb.toString();
  }

  /** The printed table: the report's figures, what they mean, and where the read path's time goes. */
  public static String table(Outcome outcome) {
    StringBuilder sb = new StringBuilder(outcome.report().table());
    sb.append("rates: table rows per wall second; ratio = value / Spark scan (read path target >= 0.5, met only if the"
        + " cpu ratio reaches it too); cpu = the same ratio from rows per process CPU second; heap figures: ratio ="
        + " peak used heap (just before a collection, as the JVM reports it) / limit (it must stay below 1)\n");
    sb.append("\nwhere the read path's time goes (the median run of each job; seconds since the job started; stages"
        + " overlap when Spark runs them concurrently; MB of the stage's input, shuffle read, shuffle write and spill;"
        + " task run / cpu / GC = the tasks' summed run time, CPU time (of the task threads) and GC time, seconds;"
        + " run well above cpu means the tasks waited: for a core, for I/O or for the collector)\n");
    for (DataBenchRun r : List.of(median(outcome.trains()), median(outcome.federates()))) {
      sb.append(breakdown(r));
    }
    return sb.toString();
  }

  /** The phases and the read path's stages of one run. */
  static String breakdown(DataBenchRun r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s: read path %.1f s, %s %.1f s%n", r.kind(), r.readSeconds(),
        r.kind().equals("train") ? "epoch 1" : "round 1", r.firstSeconds()));
    for (JsonNode p : r.json().path("phases")) {
      double secs = p.path("seconds").asDouble();
      sb.append(String.format(Locale.ROOT, "  phase %-30s %7.1f s  (ends at %7.1f s; process CPU %5.2f cores, JVM GC %5.1f s)%n",
          p.path("name").asText(), secs, p.path("end").asDouble(), secs > 0 ? p.path("cpuSeconds").asDouble() / secs
              : 0, p.path("gcSeconds").asDouble()));
    }
    String row = "  %7s %7s %5s %8s %8s %8s %8s %8s %8s %7s  %s%n";
    sb.append(String.format(Locale.ROOT, row, "start", "secs", "tasks", "input", "shuf rd", "shuf wr", "spill",
        "task run", "task cpu", "task GC", "stage"));
    for (JsonNode s : r.json().path("stages")) {
      if (s.path("start").asDouble() >= r.readSeconds()) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, row, f1(s.path("start").asDouble()),
          f1(s.path("end").asDouble() - s.path("start").asDouble()), s.path("tasks").asText(),
          f0(s.path("inputBytes").asLong() / MB), f0(s.path("shuffleReadBytes").asLong() / MB),
          f0(s.path("shuffleWriteBytes").asLong() / MB), f0(s.path("spillBytes").asLong() / MB),
          f1(s.path("runMillis").asLong() / 1e3), f1(s.path("cpuMillis").asLong() / 1e3),
          f1(s.path("gcMillis").asLong() / 1e3), s.path("name").asText()
              + (s.path("failure").asText().isEmpty() ? "" : " FAILED: " + s.path("failure").asText())));
    }
    return sb.toString();
  }

  private static String f0(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
