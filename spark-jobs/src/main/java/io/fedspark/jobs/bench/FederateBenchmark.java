package io.fedspark.jobs.bench;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.engine.FaultInjection;
import io.fedspark.federated.engine.FederatedSimulation;
import io.fedspark.federated.engine.InProcessBackend;
import io.fedspark.federated.engine.SimulationBackend;
import io.fedspark.federated.engine.SimulationOptions;
import io.fedspark.federated.engine.SimulationState;
import io.fedspark.federated.partition.ClientPartition;
import io.fedspark.federated.partition.Partitioner;
import io.fedspark.federated.sampling.UniformClientSelector;
import io.fedspark.federated.strategy.Strategy;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.federate.FederateOptions;
import io.fedspark.jobs.federate.SparkSimulationBackend;
import io.fedspark.jobs.data.ShardSet;
import io.fedspark.jobs.provenance.BuildInfo;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.random.SeedSequence;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code fedspark bench federate}: how the round time of the federated engine scales with the client
 * population on the Spark backend, and what the Spark backend costs per round against the
 * in-process one, each figure a ratio of two medians measured in the same run, rounds of the two
 * compared workloads interleaved one by one (so a slow phase of a noisy machine hits both):
 * <ol>
 *   <li>(a) median round time with {@code largePopulation} vs {@code smallPopulation} iid clients at
 *       the same cohort size and the same examples per client (the large population splits the
 *       whole training set; the small one takes as many examples per client from its first rows),
 *       so that both rounds train the same amount and only the population differs (target: within
 *       1.3x);</li>
 *   <li>(b) median round time of the Spark backend vs the in-process backend (as many threads as
 *       the master's cores) on the same Dirichlet split, same cohorts, same seeds: their difference
 *       is the Spark overhead per round;</li>
 *   <li>the setup of the large population (partitioning, building the shards, caching them in an
 *       RDD) against that of the small one, and the peak heap against the heap limit.</li>
 * </ol>
 *
 * <p>The engine runs one round per call ({@link FederatedSimulation#run} from the last state to the
 * next round, which is exactly how a resumed run continues), so two workloads can alternate. A
 * round's time is the engine's {@code RoundMetrics.seconds}: cohort selection, broadcast, client
 * training, reduction and aggregation. The test-set evaluation is left out (a constant no-op
 * evaluator): it is the same driver-side work for every backend and population. Spark's listener
 * events split each workload's jobs into stages, tasks and task time ({@link SparkJobProfile}).
 */
public final class FederateBenchmark {
  private static final double MILLI = 1e3;

  private final FederateBenchOptions options;
  private final PrintStream progress;

  /** @param progress receives a line per phase while the benchmark runs */
  public FederateBenchmark(FederateBenchOptions options, PrintStream progress) {
    this.options = Objects.requireNonNull(options, "options");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Runs every figure on {@code jsc} (its master should be {@link FederateBenchOptions#MASTER}).
   *
   * @param train the training set the clients split
   * @param dataDescription where {@code train} came from, for the report
   * @param command how to reproduce the run
   */
  public BenchReport run(JavaSparkContext jsc, LabeledDataset train, String dataDescription, String command) {
    Instant start = Instant.now();
    double loadAtStart = MachineDescription.loadAverage();
    int perClient = train.size() / options.largePopulation();
    if (perClient < 1) {
      throw new IllegalArgumentException("bench federate: " + train.size() + " training rows cannot give each of "
          + options.largePopulation() + " clients an example");
    }
    if (train.featureCount() != options.model().inputSize()) {
      throw new IllegalArgumentException("bench federate: the data has " + train.featureCount() + " features but model "
          + options.model() + " needs " + options.model().inputSize());
    }
    FederateOptions large = federateOptions(options.scaleSettings(options.largePopulation(), perClient));
    FederateOptions small = federateOptions(options.scaleSettings(options.smallPopulation(), perClient));
    FederateOptions comparison = federateOptions(options.comparisonSettings());
    MathOptions math = MathOptions.from(ConfigLoader.withShippedDefaults().load(null, List.of()));
    MathRuntime.configure(math.backend(), math.blasThreads());

    SparkJobProfile profile = new SparkJobProfile();
    jsc.sc().addSparkListener(profile);
    List<BenchRecord> records = new ArrayList<>();
    Map<String, String> notes = new LinkedHashMap<>();
    try (HeapWatch heap = new HeapWatch()) {
      heap.phase("spark warm-up");
      warmUpSpark(jsc, train, math);
      records.addAll(measureScale(jsc, train, perClient, small, large, math, profile, heap));
      records.addAll(measureBackends(jsc, train, comparison, math, profile, heap));
      heap.phase("report");
      records.add(heapRecord(heap));
      notes.put("heap", String.format(Locale.ROOT, "peak after a collection %.0f MB during '%s'; peak used (garbage"
          + " included, so it tends to the limit) %.0f MB during '%s'; limit (-Xmx) %.0f MB", mb(heap.peakAfterGc()),
          heap.peakAfterGcPhase(), mb(heap.peakUsed()), heap.peakUsedPhase(), mb(HeapWatch.maxHeap()))
          + "; after-GC peak by phase: " + heap.peakAfterGcByPhase().entrySet().stream()
              .map(e -> String.format(Locale.ROOT, "%s %.0f MB", e.getKey(), mb(e.getValue())))
              .collect(java.util.stream.Collectors.joining(", ")));
    } finally {
      jsc.sc().removeSparkListener(profile);
    }

    notes.put("load", loadNote(loadAtStart, MachineDescription.loadAverage()));
    notes.put("data", dataDescription);
    notes.put("spark", "master " + jsc.master() + ", Spark " + jsc.version() + ", " + options.sparkPartitions()
        + " RDD partitions of client shards, cached in memory (lineage cut)");
    notes.put("sampling", "a repetition is one federated round: " + options.warmupRounds() + " warm-up rounds per"
        + " workload, then " + options.timedRounds() + " timed rounds, the two compared workloads alternating round by"
        + " round; the figure is the median (the JSON's warm-up and repetition seconds do not apply)");
    notes.put("round time", "the engine's RoundMetrics.seconds: cohort selection, broadcast, local training of the"
        + " cohort, reduction, FedAvg; without the test-set evaluation (the same driver-side work on every backend)");
    notes.put("ratio", "value / baseline of median times: lower is better; (a) passes at or below 1.3");
    notes.put("cpu", "process CPU time per round, all threads, mean over the timed rounds (the clock ticks in 10 ms):"
        + " unlike wall time it does not depend on how much of the cores other processes leave, so on a busy machine"
        + " it is the steadier measure of what a backend costs; the JSON's valueCpuPerWall / baselineCpuPerWall say"
        + " how many cores each workload's rounds got");
    notes.put("(a)", "iid split, " + perClient + " examples per client in both populations (the " + String.format(
        Locale.ROOT, "%,d", options.largePopulation()) + " clients split all " + train.size() + " rows, the "
        + String.format(Locale.ROOT, "%,d", options.smallPopulation()) + " the first " + options.smallPopulation()
        * perClient + "), so a round trains the same amount in both; settings: " + String.join(" ",
        options.scaleSettings(options.largePopulation(), perClient)));
    notes.put("(b)", "settings: " + String.join(" ", options.comparisonSettings()) + " (other keys at the shipped"
        + " defaults: SGD momentum 0.9, weight decay 5e-4, inverse lr decay); in-process backend with "
        + comparison.inProcessThreads() + " threads");
    notes.put("versions", "fedspark " + BuildInfo.version() + " (git " + BuildInfo.gitCommit() + ")");
    return new BenchReport("federate", options.mode(), command, start, Instant.now(),
        MachineDescription.detect(MathRuntime.description()),
        new SamplerOptions(Duration.ZERO, options.timedRounds(), Duration.ofNanos(1)), notes, records);
  }

  /** The table for people: every figure with its target, then where each round's time went. */
  public static String table(BenchReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append("fedspark bench ").append(report.benchmark()).append(" (").append(report.mode()).append(")\n");
    sb.append("machine: ").append(report.machine()).append('\n');
    report.notes().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    sb.append("+- = half the min-max range of the timed rounds, relative to the median\n");
    appendFigures(sb, report);
    appendRoundTimes(sb, report);
    appendThreadCpu(sb, report);
    sb.append("(cpu = CPU time of the whole process per round, all threads, mean; backend ="
        + " SimulationBackend.runRound; driver = round - backend (selection, FedAvg); spark = the job as Spark's scheduler timed it; task columns = summed over the round's tasks (2 cores run them): run,"
        + " deserialisation, scheduler delay (launch and result transfer), JVM GC)\n");
    return sb.toString();
  }

  /** Every figure with its baseline, ratio and target. */
  private static void appendFigures(StringBuilder sb, BenchReport report) {
    int nameWidth = 12;
    int baseWidth = 8;
    for (BenchRecord r : report.records()) {
      nameWidth = Math.max(nameWidth, r.name().length());
      baseWidth = Math.max(baseWidth, r.baseline().length());
    }
    String row = "%-" + nameWidth + "s  %9s %-8s %6s  %-" + baseWidth + "s  %9s %6s  %6s  %s%n";
    sb.append(String.format(Locale.ROOT, row, "figure", "value", "unit", "+-", "baseline", "value", "+-", "ratio",
        "target"));
    for (BenchRecord r : report.records()) {
      Double max = r.details().get("targetMaxRatio");
      String target = max == null ? "" : String.format(Locale.ROOT, "<= %.2f %s", max,
          r.ratio() <= max ? "met" : "NOT MET");
      sb.append(String.format(Locale.ROOT, row, r.name(), number(r.value()), r.unit(), spread(r.valueSample()),
          r.baseline(), number(r.baselineValue()), spread(r.baselineSample()),
          String.format(Locale.ROOT, "%.3f", r.ratio()), target));
    }
  }

  /** Where a round's time goes, per workload (medians). */
  private static void appendRoundTimes(StringBuilder sb, BenchReport report) {
    sb.append("\nwhere a round's time goes (medians in ms per round; spark = Spark's own job timing; tasks = mean"
        + " per round)\n");
    String prow = "%-28s %8s %8s %8s %8s %8s %6s %6s %9s %8s %8s %8s%n";
    sb.append(String.format(Locale.ROOT, prow, "workload", "round", "cpu", "backend", "driver", "spark", "stages",
        "tasks", "task run", "deser", "sched", "task gc"));
    for (BenchRecord r : report.records()) {
      for (String side : List.of("baseline", "value")) {
        Map<String, Double> d = r.details();
        if (!d.containsKey(side + ".roundMs")) {
          continue;
        }
        sb.append(String.format(Locale.ROOT, prow, workload(r, side),
            ms(d.get(side + ".roundMs")), ms(d.get(side + ".processCpuMs")), ms(d.get(side + ".backendMs")), ms(d.get(side + ".outsideBackendMs")),
            ms(d.get(side + ".sparkJobMs")), mean(d.get(side + ".stages")), mean(d.get(side + ".tasks")),
            ms(d.get(side + ".taskRunMillis")), ms(d.get(side + ".taskDeserializeMillis")),
            ms(d.get(side + ".taskSchedulerDelayMillis")), ms(d.get(side + ".taskGcMillis"))));
      }
    }
  }

  /** The record's workload on {@code side} ("value" or "baseline"), cut to the tables' 28 columns. */
  private static String workload(BenchRecord r, String side) {
    String name = side.equals("value") ? r.name() : r.baseline();
    return name.length() > 28 ? name.substring(0, 28) : name;
  }

  /** CPU per round by thread group, per workload. */
  private static void appendThreadCpu(StringBuilder sb, BenchReport report) {
    sb.append("\nCPU per round by thread (ms, mean over the timed rounds; tasks = Spark's task threads)\n");
    List<String> groups = ThreadCpu.groupOrder();
    StringBuilder crow = new StringBuilder("%-28s");
    List<Object> head = new ArrayList<>(List.of("workload"));
    for (String g : groups) {
      crow.append(" %9s");
      head.add(shortName(g));
    }
    crow.append("%n");
    sb.append(String.format(Locale.ROOT, crow.toString(), head.toArray()));
    for (BenchRecord r : report.records()) {
      for (String side : List.of("baseline", "value")) {
        if (!r.details().containsKey(side + ".roundMs")) {
          continue;
        }
        List<Object> cells = new ArrayList<>(List.of(workload(r, side)));
        for (String g : groups) {
          Double v = r.details().get(side + ".cpuMs." + g);
          cells.add(v == null ? "-" : String.format(Locale.ROOT, "%.1f", v));
        }
        sb.append(String.format(Locale.ROOT, crow.toString(), cells.toArray()));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** (a) and the setup figure: both populations built, cached and run alternately, then released. */
  private List<BenchRecord> measureScale(JavaSparkContext jsc, LabeledDataset train, int perClient,
      FederateOptions small, FederateOptions large, MathOptions math, SparkJobProfile profile, HeapWatch heap) {
    heap.phase("setup: " + count(options.smallPopulation()) + " clients");
    Setup smallSetup = Setup.spark(jsc, small, train.head(options.smallPopulation() * perClient), math, options.seed());
    heap.phase("setup: " + count(options.largePopulation()) + " clients");
    Setup largeSetup = Setup.spark(jsc, large, train, math, options.seed());
    progress.printf(Locale.ROOT, "setup: %s clients in %.2f s, %s clients in %.2f s (partition + shards + cache)%n",
        count(options.smallPopulation()), smallSetup.seconds(), count(options.largePopulation()), largeSetup.seconds());
    heap.phase("rounds: " + count(options.smallPopulation()) + " vs " + count(options.largePopulation()) + " clients");
    ThreadCpu threadCpu = new ThreadCpu();
    Workload smallRounds = new Workload(count(options.smallPopulation()) + " clients", small, smallSetup.backend(),
        options, threadCpu);
    Workload largeRounds = new Workload(count(options.largePopulation()) + " clients", large, largeSetup.backend(),
        options, threadCpu);
    try {
      interleave(jsc, smallRounds, largeRounds);
    } finally {
      smallSetup.backend().close();
      largeSetup.backend().close();
    }
    progress.printf(Locale.ROOT, "(a) median round: %s clients %.1f ms, %s clients %.1f ms%n",
        count(options.smallPopulation()), smallRounds.sample().median(), count(options.largePopulation()),
        largeRounds.sample().median());
    awaitProfiles(profile, smallRounds, largeRounds);
    return List.of(scaleRecord(smallRounds, largeRounds, profile, perClient), setupRecord(smallSetup, largeSetup));
  }

  /**
   * (b): one Dirichlet split on the Spark and the in-process backend, run alternately, then
   * released; the round times, and the process CPU time per round (all threads, mean): on a busy
   * machine the wall-clock ratio flatters the backend with more runnable threads, CPU time does not.
   */
  private List<BenchRecord> measureBackends(JavaSparkContext jsc, LabeledDataset train, FederateOptions comparison,
      MathOptions math, SparkJobProfile profile, HeapWatch heap) {
    heap.phase("setup: " + options.comparisonClients() + " clients (dirichlet)");
    Setup setup = Setup.spark(jsc, comparison, train, math, options.seed());
    SimulationBackend inProcess = new InProcessBackend(setup.shards(), comparison.inProcessThreads());
    heap.phase("rounds: spark vs in-process");
    ThreadCpu threadCpu = new ThreadCpu();
    Workload sparkRounds = new Workload(options.comparisonClients() + " clients, spark", comparison, setup.backend(),
        options, threadCpu);
    Workload localRounds = new Workload(options.comparisonClients() + " clients, in-process", comparison, inProcess,
        options, threadCpu);
    try {
      interleave(jsc, localRounds, sparkRounds);
    } finally {
      setup.backend().close();
      inProcess.close();
    }
    progress.printf(Locale.ROOT, "(b) median round: spark %.1f ms, in-process %.1f ms%n", sparkRounds.sample().median(),
        localRounds.sample().median());
    awaitProfiles(profile, sparkRounds);
    BenchRecord wall = backendRecord(localRounds, sparkRounds, profile);
    double sparkCpu = wall.details().getOrDefault("value.processCpuMs", Double.NaN);
    double localCpu = wall.details().getOrDefault("baseline.processCpuMs", Double.NaN);
    if (!(sparkCpu > 0 && localCpu > 0)) {
      return List.of(wall);
    }
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("sparkOverheadCpuMs", sparkCpu - localCpu);
    d.put("sparkOverheadFraction", (sparkCpu - localCpu) / sparkCpu);
    return List.of(wall, new BenchRecord("CPU time, spark backend", sparkCpu, "ms/round", "in-process backend",
        localCpu, sparkCpu / localCpu, null, null, null, d, null));
  }

  /** One untimed tiny backend so that the first timed setup does not pay for Spark's first job. */
  private void warmUpSpark(JavaSparkContext jsc, LabeledDataset train, MathOptions math) {
    List<ClientShard> few = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      few.add(ClientShard.of(k, train, new int[] {k}));
    }
    new SparkSimulationBackend(jsc, ShardSet.of(jsc, few, 2, train.numClasses()), math, FaultInjection.NONE).close();
  }

  /** Warm-up rounds of both, then timed rounds alternating, the first of each pair alternating too. */
  private void interleave(JavaSparkContext jsc, Workload a, Workload b) {
    for (int r = 0; r < options.warmupRounds(); r++) {
      a.round(jsc, false);
      b.round(jsc, false);
    }
    for (int r = 0; r < options.timedRounds(); r++) {
      Workload first = r % 2 == 0 ? a : b;
      Workload second = first == a ? b : a;
      first.round(jsc, true);
      second.round(jsc, true);
    }
    jsc.clearJobGroup();
  }

  private static void awaitProfiles(SparkJobProfile profile, Workload... workloads) {
    for (Workload w : workloads) {
      try {
        profile.awaitJobs(w.label, w.timedRounds(), 10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private BenchRecord scaleRecord(Workload small, Workload large, SparkJobProfile profile, int perClient) {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("targetMaxRatio", 1.3);
    Sample s = small.sample();
    Sample l = large.sample();
    d.put("meetsTarget", l.median() / s.median() <= 1.3 ? 1.0 : 0.0);
    d.put("examplesPerClient", (double) perClient);
    d.put("cohort", (double) options.cohort());
    d.put("sparkPartitions", (double) options.sparkPartitions());
    breakdown(d, "value", large, profile);
    breakdown(d, "baseline", small, profile);
    return new BenchRecord("round time, " + String.format(Locale.ROOT, "%,d", options.largePopulation())
        + " clients", l.median(), "ms/round", String.format(Locale.ROOT, "%,d", options.smallPopulation())
        + " clients", s.median(), l.median() / s.median(), null, l, s, d, null);
  }

  private BenchRecord backendRecord(Workload local, Workload spark, SparkJobProfile profile) {
    Map<String, Double> d = new LinkedHashMap<>();
    Sample sp = spark.sample();
    Sample lo = local.sample();
    d.put("sparkOverheadMs", sp.median() - lo.median());
    d.put("sparkOverheadFraction", (sp.median() - lo.median()) / sp.median());
    breakdown(d, "value", spark, profile);
    breakdown(d, "baseline", local, profile);
    return new BenchRecord("round time, spark backend", sp.median(), "ms/round", "in-process backend", lo.median(),
        sp.median() / lo.median(), null, sp, lo, d, null);
  }

  private BenchRecord setupRecord(Setup small, Setup large) {
    Map<String, Double> d = new LinkedHashMap<>();
    for (var e : Map.of("value", large, "baseline", small).entrySet()) {
      d.put(e.getKey() + ".partitionSeconds", e.getValue().partitionSeconds);
      d.put(e.getKey() + ".shardsSeconds", e.getValue().shardsSeconds);
      d.put(e.getKey() + ".cacheSeconds", e.getValue().cacheSeconds);
    }
    return new BenchRecord("setup, " + String.format(Locale.ROOT, "%,d", options.largePopulation()) + " clients",
        large.seconds(), "s", "setup, " + String.format(Locale.ROOT, "%,d", options.smallPopulation()) + " clients",
        small.seconds(), large.seconds() / small.seconds(), null, null, null, new java.util.TreeMap<>(d), null);
  }

  /**
   * Peak heap: the highest heap left after a collection (what the data needs; the sampled peak of
   * used heap includes garbage and tends to the limit, so it is a detail).
   */
  private static BenchRecord heapRecord(HeapWatch heap) {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("peakUsedMB", mb(heap.peakUsed()));
    heap.peakAfterGcByPhase().forEach((phase, bytes) -> d.put("peakAfterGcMB." + phase, mb(bytes)));
    long live = heap.peakAfterGc() > 0 ? heap.peakAfterGc() : heap.peakUsed();
    return new BenchRecord("peak heap after GC", mb(live), "MB", "heap limit (-Xmx)", mb(HeapWatch.maxHeap()),
        (double) live / HeapWatch.maxHeap(), null, null, null, d, null);
  }

  /** Named medians of where a workload's rounds went, prefixed with {@code side}. */
  private static void breakdown(Map<String, Double> d, String side, Workload w, SparkJobProfile profile) {
    d.put(side + ".roundMs", w.sample().median());
    d.put(side + ".backendMs", Sample.median(w.backendMillis.stream().mapToDouble(Double::doubleValue).toArray()));
    double[] outside = new double[w.roundMillis.size()];
    for (int i = 0; i < outside.length; i++) {
      outside[i] = w.roundMillis.get(i) - w.backendMillis.get(i);
    }
    d.put(side + ".outsideBackendMs", Sample.median(outside));
    // process CPU time comes in clock ticks (10 ms here): the mean over the rounds, not the median
    double cpu = w.cpuMillis.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    if (Double.isFinite(cpu)) {
      d.put(side + ".processCpuMs", cpu);
    }
    for (String g : ThreadCpu.groupOrder()) {
      Double nanos = w.cpuNanosByThread.get(g);
      if (nanos != null && w.timedRounds() > 0) {
        d.put(side + ".cpuMs." + g, nanos / 1e6 / w.timedRounds());
      }
    }
    SparkJobProfile.Totals t = profile.group(w.label);
    if (t.jobs() > 0) {
      d.put(side + ".sparkJobMs", t.medianJobMillis());
      t.perJobMeans().forEach((k, v) -> d.put(side + "." + k, v));
    }
  }

  /**
   * The 1-minute load averages around the run, with a warning when other processes competed for
   * the cores (load above a quarter of the cores before the run, or above the cores at its end:
   * the benchmark itself keeps about two busy).
   */
  static String loadNote(double start, double end) {
    int cores = Runtime.getRuntime().availableProcessors();
    String text = String.format(Locale.ROOT, "1-min load average %.2f at start, %.2f at end (%d cores)", start, end,
        cores);
    if (start > 0.25 * cores || end > cores) {
      text += "; WARNING: other processes were competing for the cores, so the round times are noisy";
    }
    return text;
  }

  private static FederateOptions federateOptions(List<String> settings) {
    JobConfig cfg = ConfigLoader.withShippedDefaults().load(null, settings);
    return FederateOptions.from(cfg);
  }

  private static String count(int n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static String number(double v) {
    return v >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
  }

  private static String ms(Double v) {
    return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String shortName(String group) {
    return switch (group) {
      case "driver main thread" -> "driver";
      case "spark tasks" -> "tasks";
      case "in-process clients" -> "in-proc";
      case "task result fetch" -> "results";
      case "DAG scheduler" -> "dag";
      case "RPC dispatch" -> "rpc";
      case "listener bus" -> "listeners";
      case "block transfer" -> "transfer";
      case ThreadCpu.OTHER -> "other";
      case ThreadCpu.GC -> "gc";
      case ThreadCpu.JIT -> "jit";
      case ThreadCpu.VM -> "vm";
      default -> group;
    };
  }

  private static String mean(Double v) {
    return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.1f", v);
  }

  private static String spread(Sample s) {
    return s == null ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * s.spread());
  }

  /** A population's clients, built and cached, with how long each step took. */
  private record Setup(SparkSimulationBackend backend, List<ClientShard> shards, double partitionSeconds,
      double shardsSeconds, double cacheSeconds) {

    static Setup spark(JavaSparkContext jsc, FederateOptions opts, LabeledDataset data, MathOptions math, long seed) {
      long t0 = System.nanoTime();
      ClientPartition partition = Partitioner.of(opts.partition()).partition(data, SeedSequence.root(seed));
      long t1 = System.nanoTime();
      List<ClientShard> shards = new ArrayList<>(partition.numClients());
      for (int k = 0; k < partition.numClients(); k++) {
        shards.add(ClientShard.of(k, data, partition.indices(k)));
      }
      long t2 = System.nanoTime();
      SparkSimulationBackend backend = new SparkSimulationBackend(jsc,
          ShardSet.of(jsc, shards, opts.sparkPartitions(), data.numClasses()), math, FaultInjection.NONE);
      long t3 = System.nanoTime();
      return new Setup(backend, shards, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    double seconds() {
      return partitionSeconds + shardsSeconds + cacheSeconds;
    }
  }

  /**
   * One configuration on one backend, advanced a round at a time: each call resumes the engine from
   * the last state for exactly one more round.
   */
  private static final class Workload {
    final String label;
    final FederateOptions opts;
    final TimedBackend backend;
    final Strategy strategy;
    final UniformClientSelector selector;
    final long seed;
    SimulationState state;
    final List<Double> roundMillis = new ArrayList<>();
    final List<Double> backendMillis = new ArrayList<>();
    final List<Double> cpuPerWall = new ArrayList<>();
    final List<Double> cpuMillis = new ArrayList<>();
    final Map<String, Double> cpuNanosByThread = new LinkedHashMap<>();
    final ThreadCpu threadCpu;

    Workload(String label, FederateOptions opts, SimulationBackend backend, FederateBenchOptions bench,
        ThreadCpu threadCpu) {
      this.label = label;
      this.threadCpu = threadCpu;
      this.opts = opts;
      this.backend = new TimedBackend(backend);
      this.strategy = opts.strategy().create();
      this.selector = new UniformClientSelector(backend.numClients(), opts.clientsPerRound());
      this.seed = bench.seed();
      float[] initial = Model.create(opts.model(), SeedSequence.root(seed).derive("model-init").seed()).parameters();
      this.state = simulation(1).initialState(initial);
    }

    private FederatedSimulation simulation(int lastRound) {
      SimulationOptions s = new SimulationOptions(lastRound, 1, opts.simulation().maxFailedFraction(), 1);
      EvalResult none = new EvalResult(Double.NaN, Double.NaN, 0, 0);
      return new FederatedSimulation(opts.model().toString(), s, opts.client(), null, strategy, selector, backend,
          params -> none, seed, "bench federate: " + label, null);
    }

    void round(JavaSparkContext jsc, boolean timed) {
      jsc.setJobGroup(timed ? label : label + " (warm-up)", "fedspark bench federate: " + label, false);
      threadCpu.mark();
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      double[] seconds = new double[1];
      state = simulation(state.completedRounds() + 1).run(state, (m, s) -> seconds[0] = m.seconds());
      long wall = System.nanoTime() - t0;
      long cpu1 = processCpuNanos();
      if (timed) {
        roundMillis.add(seconds[0] * MILLI);
        backendMillis.add(backend.lastNanos / 1e6);
        cpuPerWall.add(cpu0 < 0 || cpu1 < 0 ? Double.NaN : (double) (cpu1 - cpu0) / wall);
        cpuMillis.add(cpu0 < 0 || cpu1 < 0 ? Double.NaN : (cpu1 - cpu0) / 1e6);
        threadCpu.addSince(cpuNanosByThread);
      }
    }

    int timedRounds() {
      return roundMillis.size();
    }

    Sample sample() {
      double[] v = roundMillis.stream().mapToDouble(Double::doubleValue).toArray();
      double[] nan = new double[v.length];
      java.util.Arrays.fill(nan, Double.NaN);
      return Sample.of(v, cpuPerWall.stream().mapToDouble(Double::doubleValue).toArray(), nan);
    }
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b
        ? b.getProcessCpuTime() : -1;
  }

  /** Delegates to a backend and remembers how long its last {@code runRound} took. */
  private static final class TimedBackend implements SimulationBackend {
    private final SimulationBackend delegate;
    long lastNanos;

    TimedBackend(SimulationBackend delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public int numClients() {
      return delegate.numClients();
    }

    @Override
    public int[] clientSizes() {
      return delegate.clientSizes();
    }

    @Override
    public io.fedspark.federated.engine.RoundAccumulator runRound(io.fedspark.federated.engine.RoundTask task,
        float[] global, io.fedspark.federated.engine.ScoringParameters scoring) {
      long t0 = System.nanoTime();
      try {
        return delegate.runRound(task, global, scoring);
      } finally {
        lastNanos = System.nanoTime() - t0;
      }
    }

    @Override
    public float[] scoreClients(String modelSpec, float[] params, io.fedspark.federated.curriculum.ScoreKind kind) {
      return delegate.scoreClients(modelSpec, params, kind);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
