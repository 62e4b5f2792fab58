package io.fedspark.jobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobKind;
import io.fedspark.jobs.SparkSessions;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.SparkOptions;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One measurement of {@code bench data}, run by {@link DataBenchmark} as the main class of a fresh
 * JVM whose heap limit is the driver's ({@link ChildJvm}); in local mode the executors share that
 * JVM, so the heap limit bounds the whole job. Usage:
 * <pre>
 *   DataBenchFork generate DIR SPEC...          write the synthetic table (SyntheticTable.Spec's arguments)
 *   DataBenchFork scan|train|federate RESULT TABLE KEY=VALUE...
 * </pre>
 * {@code scan} is the baseline: Spark's own scan {@code spark.read.parquet(TABLE).select(features,
 * label)} consumed on the executors (each row's vector deserialised; sizes and labels summed).
 * {@code train} and {@code federate} run the job as {@code fedspark train|federate --set KEY=VALUE...}
 * does ({@link JobKind#validate}, then {@code run}) on a session started first with the same
 * settings, so session start-up is not timed. The phases are read from the job's own progress
 * lines ({@link LineClock}) and its metrics.csv; the stages from Spark's listener events
 * ({@link StageTimeline}); the heap from {@link HeapWatch}. The measurement is written to RESULT as
 * JSON (atomically); the exit code is 0 on success.
 */
public final class DataBenchFork {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** A phase ends at the first progress line that starts with {@code prefix} and contains {@code contains}. */
  record Marker(String phase, String prefix, String contains) {}

  /** What the phases of each kind are, and which line ends each (the last phase ends with the run). */
  static List<Marker> markers(String kind) {
    return switch (kind) {
      case "scan" -> List.of(new Marker("scan", null, null));
      case "train" -> List.of(new Marker("validation", "[data] ", " training rows"),
          new Marker("sharding", "[train] ", " partitions, "),
          new Marker("epoch 1, evaluation, outputs", null, null));
      case "federate" -> List.of(new Marker("validation", "[data] ", " training rows"),
          new Marker("client shards", "[federate] ", " clients ("),
          new Marker("test shards, round 1", "[federate] round 1/", ""),
          new Marker("round 2, evaluation, outputs", null, null));
      default -> throw new IllegalArgumentException("DataBenchFork: unknown measurement '" + kind
          + "', expected generate | scan | train | federate");
    };
  }

  private DataBenchFork() {}

  public static void main(String[] args) {
    List<String> a = List.of(args);
    try {
      if (a.size() < 3) {
        throw new IllegalArgumentException("usage: DataBenchFork generate DIR SPEC... | scan|train|federate RESULT TABLE"
            + " KEY=VALUE...");
      }
      if (a.get(0).equals("generate")) {
        generate(Path.of(a.get(1)), SyntheticTable.Spec.parse(a, 2));
      } else {
        measure(a.get(0), Path.of(a.get(1)), a.get(2), a.subList(3, a.size()));
      }
    } catch (Exception | Error e) {
      // Spark's threads must not keep a failed measurement alive: the benchmark reads the exit code
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void generate(Path dir, SyntheticTable.Spec spec) throws IOException {
    SparkSession spark = SparkSessions.getOrCreate(new SparkOptions("fedspark bench data: generate", "local[2]",
        java.util.Map.of("spark.ui.enabled", "false")));
    try {
      long t0 = System.nanoTime();
      SyntheticTable.write(spark, spec, dir);
      System.out.printf(Locale.ROOT, "[bench data] wrote %s: %.0f MB in %d files, %.0f s%n", dir,
          SyntheticTable.parquetBytes(dir) / 1e6, SyntheticTable.parquetFiles(dir), (System.nanoTime() - t0) / 1e9);
    } finally {
      spark.stop();
    }
  }

  /** Clock readings at a phase boundary. */
  private record Mark(double seconds, double cpuSeconds, double gcSeconds) {}

  private static void measure(String kind, Path result, String table, List<String> settings) throws IOException {
    List<Marker> markers = markers(kind);
    JobConfig cfg = ConfigLoader.withShippedDefaults().load(null, settings);
    SparkSession spark = SparkSessions.getOrCreate(SparkOptions.from(cfg));
    StageTimeline timeline = new StageTimeline();
    spark.sparkContext().addSparkListener(timeline);
    List<Mark> marks = new ArrayList<>();
    ObjectNode out = JSON.createObjectNode();
    out.put("kind", kind);
    out.put("heapLimitBytes", HeapWatch.maxHeap());
    try (HeapWatch heap = new HeapWatch()) {
      heap.phase(markers.get(0).phase());
      long stageEpochMillis = System.currentTimeMillis();
      LineClock clock = LineClock.installOnStandardOutput(line -> {
        synchronized (marks) {
          int next = marks.size();
          Marker m = next < markers.size() - 1 ? markers.get(next) : null;
          if (m != null && line.text().startsWith(m.prefix()) && line.text().contains(m.contains())) {
            marks.add(mark(line.seconds()));
            heap.phase(markers.get(next + 1).phase());
          }
        }
      });
      Mark start = mark(0);
      runMeasured(kind, spark, table, cfg, settings, out);
      synchronized (marks) {
        marks.add(mark(clock.now()));
      }
      out.put("math", io.fedspark.math.blas.MathRuntime.description());
      heap.phase("stopping Spark");
      spark.stop(); // drains the listener bus: every stage is in the timeline
      System.setOut(new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
          StandardCharsets.UTF_8));
      requireEveryMarker(kind, markers, marks);
      putPhases(out, markers, start, marks);
      putHeap(out, heap);
      putStages(out, timeline, stageEpochMillis);
      putLines(out, clock);
    }
    if (!kind.equals("scan")) {
      jobFacts(kind, Path.of(cfg.get(io.fedspark.jobs.config.RunOptions.DIR)), out);
    }
    BenchReport.writeAtomically(result, JSON.writeValueAsString(out));
  }

  /** The measured work: the scan, or the job as {@code fedspark train|federate} runs it. */
  private static void runMeasured(String kind, SparkSession spark, String table, JobConfig cfg, List<String> settings,
      ObjectNode out) {
    if (kind.equals("scan")) {
      long[] r = scan(spark, table);
      out.put("tableRows", r[0]);
      out.put("featureValues", r[1]);
      out.put("labelSum", r[2]);
    } else {
      JobKind job = kind.equals("train") ? JobKind.TRAIN : JobKind.FEDERATE;
      job.validate(cfg);
      job.job().run(new JobContext(job.configName(), settings, cfg));
    }
  }

  /** Every phase's end was seen: the run printed each marker's line. */
  private static void requireEveryMarker(String kind, List<Marker> markers, List<Mark> marks) {
    if (marks.size() != markers.size()) {
      Marker missing = markers.get(marks.size() - 1);
      throw new IllegalStateException("bench data: the " + kind + " run printed no line starting with '"
          + missing.prefix() + "' and containing '" + missing.contains() + "' (the end of phase '" + missing.phase()
          + "'); has its progress output changed?");
    }
  }

  /** Each phase's end, wall, process CPU and GC seconds. */
  private static void putPhases(ObjectNode out, List<Marker> markers, Mark start, List<Mark> marks) {
    ArrayNode phases = out.putArray("phases");
    Mark prev = start;
    for (int i = 0; i < markers.size(); i++) {
      Mark m = marks.get(i);
      ObjectNode p = phases.addObject();
      p.put("name", markers.get(i).phase());
      p.put("end", m.seconds());
      p.put("seconds", m.seconds() - prev.seconds());
      p.put("cpuSeconds", m.cpuSeconds() - prev.cpuSeconds());
      p.put("gcSeconds", m.gcSeconds() - prev.gcSeconds());
      prev = m;
    }
  }

  /** What {@link HeapWatch} saw, and the collectors' counts and seconds. */
  private static void putHeap(ObjectNode out, HeapWatch heap) {
    ObjectNode h = out.putObject("heap");
    h.put("peakUsed", heap.peakUsed());
    h.put("peakUsedPhase", heap.peakUsedPhase());
    h.put("peakAfterGc", heap.peakAfterGc());
    h.put("peakAfterGcPhase", heap.peakAfterGcPhase());
    h.put("peakBeforeGc", heap.peakBeforeGc());
    h.put("peakAfterFullGc", heap.peakAfterFullGc());
    h.put("fullCollections", heap.fullCollections());
    ObjectNode pools = h.putObject("poolPeaks");
    heap.poolPeaks().forEach(pools::put);
    ObjectNode collectors = h.putObject("collectors");
    HeapWatch.collections().forEach((name, cs) -> collectors.putObject(name).put("count", (long) cs[0])
        .put("seconds", cs[1]));
    ObjectNode byPhase = h.putObject("afterGcByPhase");
    heap.peakAfterGcByPhase().forEach(byPhase::put);
  }

  /** Spark's stages, their start and end in seconds since {@code epochMillis}. */
  private static void putStages(ObjectNode out, StageTimeline timeline, long epochMillis) {
    ArrayNode stages = out.putArray("stages");
    for (StageTimeline.Stage s : timeline.stages()) {
      ObjectNode n = JSON.valueToTree(s);
      n.put("start", (s.submitted() - epochMillis) / 1e3);
      n.put("end", (s.completed() - epochMillis) / 1e3);
      stages.add(n);
    }
  }

  /** The run's progress lines (those starting with '['), with their seconds. */
  private static void putLines(ObjectNode out, LineClock clock) {
    ArrayNode lines = out.putArray("lines");
    for (LineClock.Line l : clock.lines()) {
      if (l.text().startsWith("[")) {
        lines.addObject().put("seconds", l.seconds()).put("text", l.text());
      }
    }
  }

  /** The baseline: rows, summed vector sizes and summed labels of the table, computed on the executors. */
  static long[] scan(SparkSession spark, String table) {
    return spark.read().parquet(table).select("features", "label").javaRDD()
        .mapPartitions((Iterator<Row> rows) -> {
          long[] s = new long[3];
          while (rows.hasNext()) {
            Row r = rows.next();
            Vector v = r.getAs(0);
            s[0]++;
            s[1] += v.size();
            s[2] += r.getInt(1);
          }
          return List.of(s).iterator();
        }).reduce((x, y) -> new long[] {x[0] + y[0], x[1] + y[1], x[2] + y[2]});
  }

  /** The job's own figures: rows from provenance.json, the first epoch / round from metrics.csv. */
  private static void jobFacts(String kind, Path runDir, ObjectNode out) throws IOException {
    JsonNode prov = JSON.readTree(runDir.resolve("provenance.json").toFile());
    JsonNode src = prov.path("results").path("dataSource");
    long trainRows = src.path("trainRows").asLong();
    long testRows = src.path("testRows").asLong();
    out.put("trainRows", trainRows);
    out.put("testRows", testRows);
    out.put("tableRows", trainRows + testRows);
    List<String> csv = Files.readAllLines(runDir.resolve("metrics.csv"), StandardCharsets.UTF_8);
    List<String> header = List.of(csv.get(0).split(","));
    String[] first = csv.get(1).split(",", -1);
    String[] last = csv.get(csv.size() - 1).split(",", -1);
    double seconds = Double.parseDouble(first[header.indexOf("seconds")]);
    out.put("firstSeconds", seconds);
    out.put("testAccuracy", Double.parseDouble(last[header.indexOf("test_accuracy")]));
    JsonNode phases = out.path("phases");
    if (kind.equals("train")) {
      out.put("readSeconds", phases.get(1).path("end").asDouble());
      out.put("firstExamplesPerSecond", Double.parseDouble(first[header.indexOf("examples_per_second")]));
    } else {
      // the round's line is printed as it ends: the round began its own 'seconds' earlier
      out.put("readSeconds", phases.get(2).path("end").asDouble() - seconds);
      JsonNode natural = prov.path("results").path("naturalClients");
      out.put("clients", natural.path("clients").asLong());
      out.put("droppedClients", natural.path("droppedClients").asLong());
      out.put("droppedExamples", natural.path("droppedExamples").asLong());
      out.put("cohort", first[header.indexOf("cohort")].trim().split(" ").length);
    }
  }

  private static Mark mark(double seconds) {
    double cpu = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    long gc = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, b.getCollectionTime());
    }
    return new Mark(seconds, cpu, gc / 1e3);
  }
}
