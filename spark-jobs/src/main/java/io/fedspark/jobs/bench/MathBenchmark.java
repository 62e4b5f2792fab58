package io.fedspark.jobs.bench;

import io.fedspark.jobs.bench.jmh.CpuCounters;
import io.fedspark.jobs.bench.jmh.Dl4jBaseline;
import io.fedspark.jobs.bench.jmh.ForkFacts;
import io.fedspark.jobs.bench.jmh.GemmBenchmark;
import io.fedspark.jobs.bench.jmh.GemmBenchmark.Backend;
import io.fedspark.jobs.bench.jmh.TrainingStepBenchmark;
import io.fedspark.jobs.bench.jmh.TrainingStepBenchmark.Engine;
import io.fedspark.jobs.provenance.BuildInfo;
import io.fedspark.math.blas.OpenBlas;
import io.fedspark.math.nn.ModelSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * {@code fedspark bench math}: the math core against its baselines, as JMH benchmarks
 * ({@link GemmBenchmark}, {@link TrainingStepBenchmark}) run through JMH's {@link Runner}, each in
 * fresh forked JVMs, all on one thread; every figure is a ratio against a baseline measured in the
 * same run:
 * <ol type="a">
 *   <li>core {@code Blas.gemm} on the native backend vs raw {@code cblas_sgemm} of the same
 *       OpenBLAS on off-heap buffers, in GFLOPS, target ratio 0.9;</li>
 *   <li>training throughput (examples/s, plain SGD, one step per batch) of the core MLP vs a DL4J
 *       {@code MultiLayerNetwork} of the same architecture from the same parameters, targets 3x at
 *       batch 10 and 2x at batch 64;</li>
 *   <li>the same core throughput vs the bound implied by raw GEMM speed: the time of the step's
 *       GEMMs alone (forward {@code X W}, backward {@code X^T D} and {@code D W^T} per layer),
 *       each at the rate {@code cblas_sgemm} reaches at that exact shape and transposition;</li>
 *   <li>the pure-Java backend vs the native one, on the gemm shapes and on training;</li>
 *   <li>core {@code Blas.gemm} on the native fallback path that stages operands through off-heap
 *       copies vs raw {@code cblas_sgemm}: what pinning the arrays saves.</li>
 * </ol>
 * A figure's value is JMH's score (the mean rate over the measured iterations of all forks) with
 * JMH's score error (half-width of the 99.9% confidence interval); the CPU ratio comes from the
 * benchmark thread's CPU time ({@link CpuCounters}). Forks get the parent JVM's options plus the
 * options under which the core pins arrays ({@link OpenBlas#PINNING_JVM_OPTIONS}), and inherit its
 * environment (ND4J needs {@code OMP_NUM_THREADS=1} there to run on one thread).
 */
public final class MathBenchmark {
  private static final double GIGA = 1e9;
  /** JMH's names for the secondary results of {@link CpuCounters}: its public fields. */
  private static final String CALLS = "calls";
  private static final String THREAD_CPU_NANOS = "threadCpuNanos";
  private static final String PROCESS_CPU_NANOS = "processCpuNanos";
  private static final String WALL_NANOS = "wallNanos";

  private final MathBenchOptions options;
  private final PrintStream progress;

  /** @param progress receives JMH's progress output while the benchmarks run */
  public MathBenchmark(MathBenchOptions options, PrintStream progress) {
    this.options = Objects.requireNonNull(options, "options");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * One measured rate: JMH's score converted to the figure's unit, and the iterations summarised
   * in the same unit (median, min, max, score error, CPU diagnostics).
   */
  record Rate(double score, Sample sample) {}

  /** The figures by kind, in the order the report lists them. */
  private record Figures(List<BenchRecord> gemm, List<BenchRecord> training, List<BenchRecord> bound,
      List<BenchRecord> javaVsNative, List<BenchRecord> staged) {
    Figures() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    List<BenchRecord> all() {
      return Stream.of(gemm, training, bound, javaVsNative, staged).flatMap(List::stream).toList();
    }
  }

  /** Runs every benchmark and builds the report; {@code command} is recorded as how to reproduce it. */
  public BenchReport run(String command) {
    Instant start = Instant.now();
    double loadAtStart = MachineDescription.loadAverage();
    Path facts;
    try {
      facts = Files.createTempFile("fedspark-bench-math-", ".properties");
    } catch (IOException e) {
      throw new UncheckedIOException("bench math: cannot create a temporary file: " + e.getMessage(), e);
    }
    try {
      Map<GemmShape, Map<Backend, Rate>> gemm = measureGemm(options.gemmShapes(), Backend.values(), facts);
      Map<GemmShape, Rate> raw = new LinkedHashMap<>();
      gemm.forEach((shape, rates) -> raw.put(shape, rates.get(Backend.RAW)));
      Set<GemmShape> stepShapes = new LinkedHashSet<>();
      for (int b : options.batchSizes()) {
        stepShapes.addAll(trainingGemms(options.mlp().widths(), b).keySet());
      }
      stepShapes.removeAll(raw.keySet());
      if (!stepShapes.isEmpty()) {
        measureGemm(stepShapes, new Backend[] {Backend.RAW}, facts)
            .forEach((shape, rates) -> raw.put(shape, rates.get(Backend.RAW)));
      }
      Map<Integer, Map<Engine, Rate>> training = measureTraining(facts);

      Figures figures = new Figures();
      gemm.forEach((shape, rates) -> gemmFigures(shape, rates, figures));
      for (int i = 0; i < options.batchSizes().size(); i++) {
        int batch = options.batchSizes().get(i);
        double target = options.targets().get(i);
        trainingFigures(batch, target > 0 ? target : null, training.get(batch), raw, figures);
      }
      Map<String, String> forkFacts = ForkFacts.read(facts);
      String nativeBlas = forkFacts.getOrDefault("nativeBlas", "unknown (no fork loaded the native backend)");
      return new BenchReport("math", options.mode(), command, start, Instant.now(), MachineDescription.detect(nativeBlas),
          options.jmh().sampling(), notes(forkFacts, loadAtStart), figures.all());
    } finally {
      try {
        Files.deleteIfExists(facts);
      } catch (IOException e) {
        progress.println("bench math: could not delete " + facts + ": " + e.getMessage());
      }
    }
  }

  /** Figures (a), (d) and (e) at one shape. */
  private static void gemmFigures(GemmShape shape, Map<Backend, Rate> r, Figures figures) {
    String name = "gemm " + shape + ": ";
    figures.gemm().add(compare(name + Backend.CORE_NATIVE.label(), "GFLOPS", r.get(Backend.CORE_NATIVE),
        Backend.RAW.label(), r.get(Backend.RAW), 0.9));
    figures.javaVsNative().add(compare(name + Backend.CORE_JAVA.label(), "GFLOPS", r.get(Backend.CORE_JAVA),
        Backend.CORE_NATIVE.label(), r.get(Backend.CORE_NATIVE), null));
    figures.staged().add(compare(name + Backend.CORE_STAGED.label(), "GFLOPS", r.get(Backend.CORE_STAGED),
        Backend.RAW.label(), r.get(Backend.RAW), null));
  }

  /** Figures (b), (c) and (d) at one batch size; {@code raw} holds raw cblas_sgemm at every step shape. */
  private void trainingFigures(int batch, Double target, Map<Engine, Rate> r, Map<GemmShape, Rate> raw,
      Figures figures) {
    ModelSpec spec = options.mlp();
    double gemmSeconds = 0;
    double gemmCpuSeconds = 0;
    Map<String, Double> details = new LinkedHashMap<>();
    for (Map.Entry<GemmShape, Integer> e : trainingGemms(spec.widths(), batch).entrySet()) {
      GemmShape g = e.getKey();
      int count = e.getValue();
      Rate rate = raw.get(g);
      gemmSeconds += count * g.flops() / (rate.score() * GIGA);
      gemmCpuSeconds += count * g.flops() / (rate.sample().threadCpuRate() * GIGA);
      String at = " at " + g + (count > 1 ? " (x" + count + ")" : "");
      details.put("raw cblas_sgemm GFLOPS" + at, rate.score());
      details.put("raw cblas_sgemm GFLOPS per CPU second" + at, rate.sample().threadCpuRate());
    }
    Rate core = r.get(Engine.CORE_NATIVE);
    String prefix = spec.toString().replace(':', ' ') + " train b" + batch + ": ";
    if (r.containsKey(Engine.DL4J)) { // figure (b) needs DL4J: Spark 3.5 build only
      figures.training().add(compare(prefix + Engine.CORE_NATIVE.label(), "examples/s", core, Engine.DL4J.label(),
          r.get(Engine.DL4J), target));
    }
    details.put("GEMM-only step time (ms)", gemmSeconds * 1e3);
    details.put("measured core step time (ms)", batch / core.score() * 1e3);
    details.put("GEMM-only step CPU time (ms)", gemmCpuSeconds * 1e3);
    details.put("measured core step CPU time (ms)", batch / core.sample().threadCpuRate() * 1e3);
    figures.bound().add(BenchRecord.derived(prefix + Engine.CORE_NATIVE.label(), "examples/s", core.score(),
        core.sample(), "raw-GEMM bound", batch / gemmSeconds, batch / gemmCpuSeconds, null, details));
    figures.javaVsNative().add(compare(prefix + Engine.CORE_JAVA.label(), "examples/s", r.get(Engine.CORE_JAVA),
        Engine.CORE_NATIVE.label(), core, null));
  }

  private static BenchRecord compare(String name, String unit, Rate value, String baseline, Rate base, Double target) {
    return BenchRecord.compare(name, unit, value.score(), value.sample(), baseline, base.score(), base.sample(), target);
  }

  /** {@link GemmBenchmark} at every shape x backend; rates in GFLOPS. */
  private Map<GemmShape, Map<Backend, Rate>> measureGemm(Collection<GemmShape> shapes, Backend[] backends, Path facts) {
    ChainedOptionsBuilder jmh = jmhOptions(facts)
        .include(exactly(GemmBenchmark.class, "gemm"))
        .param("shape", shapes.stream().map(GemmShape::toString).toArray(String[]::new))
        .param("backend", Arrays.stream(backends).map(Backend::name).toArray(String[]::new));
    Map<GemmShape, Map<Backend, Rate>> out = new LinkedHashMap<>();
    shapes.forEach(s -> out.put(s, new EnumMap<>(Backend.class)));
    for (RunResult r : run(jmh)) {
      GemmShape shape = GemmShape.parse(r.getParams().getParam("shape"));
      Backend backend = Backend.valueOf(r.getParams().getParam("backend"));
      out.get(shape).put(backend, rate(r, shape.flops() / GIGA));
    }
    return out;
  }

  /** {@link TrainingStepBenchmark} for every engine x batch size; rates in examples/s. */
  private Map<Integer, Map<Engine, Rate>> measureTraining(Path facts) {
    ChainedOptionsBuilder jmh = jmhOptions(facts)
        .include(exactly(TrainingStepBenchmark.class, "step"))
        .param("engine", Arrays.stream(Engine.inThisBuild()).map(Engine::name).toArray(String[]::new))
        .param("batch", options.batchSizes().stream().map(String::valueOf).toArray(String[]::new))
        .param("model", options.mlp().toString())
        .param("rows", String.valueOf(options.dataRows()))
        .param("data", options.data().name())
        .param("learningRate", Float.toString(options.learningRate()));
    Map<Integer, Map<Engine, Rate>> out = new LinkedHashMap<>();
    for (RunResult r : run(jmh)) {
      int batch = Integer.parseInt(r.getParams().getParam("batch"));
      Engine engine = Engine.valueOf(r.getParams().getParam("engine"));
      out.computeIfAbsent(batch, b -> new EnumMap<>(Engine.class)).put(engine, rate(r, batch));
    }
    return out;
  }

  private Collection<RunResult> run(ChainedOptionsBuilder jmh) {
    try {
      return new Runner(jmh.build(), OutputFormatFactory.createFormatInstance(progress, VerboseMode.NORMAL)).run();
    } catch (RunnerException e) {
      throw new IllegalStateException("bench math: a JMH benchmark failed (its output is above): " + e.getMessage(), e);
    }
  }

  /** The settings every run shares: throughput in calls/s on one thread, the forks' JVM options, fail on error. */
  private ChainedOptionsBuilder jmhOptions(Path facts) {
    MathBenchOptions.Jmh j = options.jmh();
    return new OptionsBuilder()
        .mode(Mode.Throughput)
        .timeUnit(TimeUnit.SECONDS)
        .threads(1)
        .forks(j.forks())
        .warmupIterations(j.warmupIterations())
        .warmupTime(TimeValue.milliseconds(j.warmupTime().toMillis()))
        .measurementIterations(j.measurementIterations())
        .measurementTime(TimeValue.milliseconds(j.measurementTime().toMillis()))
        .shouldFailOnError(true)
        .jvmArgsAppend(forkJvmArgs(facts));
  }

  /**
   * Appended to the parent JVM's options in every fork: the core pins arrays only in a JVM started
   * with {@link OpenBlas#PINNING_JVM_OPTIONS}, and forks report what they loaded through the facts file.
   */
  static String[] forkJvmArgs(Path facts) {
    List<String> args = new ArrayList<>(List.of(OpenBlas.PINNING_JVM_OPTIONS.split(" ")));
    args.add("-D" + ForkFacts.PROPERTY + "=" + facts.toAbsolutePath());
    return args.toArray(String[]::new);
  }

  private static String exactly(Class<?> benchmark, String method) {
    return "^" + Pattern.quote(benchmark.getName() + "." + method) + "$";
  }

  /**
   * JMH's result in the figure's unit ({@code workPerCall} per call: GFLOP or examples): score and
   * score error, the iterations' median, min and max, and from {@link CpuCounters} the work per
   * CPU second of the benchmark thread and the process CPU seconds per wall second.
   */
  static Rate rate(RunResult result, double workPerCall) {
    Result<?> primary = result.getPrimaryResult();
    Statistics s = primary.getStatistics();
    Map<String, Result> counters = result.getSecondaryResults();
    double calls = counter(counters, CALLS);
    double threadCpu = counter(counters, THREAD_CPU_NANOS) / 1e9;
    double processCpu = counter(counters, PROCESS_CPU_NANOS) / 1e9;
    double wall = counter(counters, WALL_NANOS) / 1e9;
    double threadCpuRate = threadCpu > 0 ? calls * workPerCall / threadCpu : Double.NaN;
    double cpuPerWall = processCpu > 0 && wall > 0 ? processCpu / wall : Double.NaN;
    double error = primary.getScoreError();
    Sample sample = new Sample(s.getPercentile(50) * workPerCall, s.getMin() * workPerCall, s.getMax() * workPerCall,
        (int) s.getN(), cpuPerWall, threadCpuRate, Double.isFinite(error) ? error * workPerCall : Double.NaN);
    return new Rate(primary.getScore() * workPerCall, sample);
  }

  private static double counter(Map<String, Result> counters, String name) {
    Result r = counters.get(name);
    return r == null ? Double.NaN : r.getScore();
  }

  private Map<String, String> notes(Map<String, String> forkFacts, double loadAtStart) {
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("load", loadNote(loadAtStart, MachineDescription.loadAverage()));
    notes.put("data", forkFacts.getOrDefault("data", "unknown (no training fork reported it)"));
    String omp = System.getenv("OMP_NUM_THREADS");
    notes.put("threads", "1 everywhere: OpenBLAS set to 1 thread; ND4J " + forkFacts.getOrDefault("nd4jThreads",
        Dl4jBaseline.inThisBuild().isPresent() ? "?" : "not in this build")
        + " (OMP_NUM_THREADS=" + omp + (("1".equals(omp)) ? "" : "; WARNING: not 1, so ND4J's element-wise pool may"
        + " use 2 threads: run through deploy/bin/fedspark, which sets it") + "); JMH threads 1; cpuPerWall in the"
        + " JSON is process CPU s per wall s during the measured iterations");
    notes.put("a", "core gemm = Blas.gemm on Java float[] (" + ("true".equals(forkFacts.get("pinsArrays"))
        ? "sgemm_ on the arrays in place, pinned by JNI GetPrimitiveArrayCritical"
        : "operands staged: copied into off-heap scratch, result copied back, on every call") + "); raw = cblas_sgemm"
        + " on off-heap buffers filled once");
    notes.put("b", Dl4jBaseline.inThisBuild().isEmpty()
        ? "not measured: DL4J is in the Spark 3.5 build only (this is the Spark " + BuildInfo.sparkLine() + " build)"
        : "one step = core Model.lossAndGradient + Sgd.step / DL4J MultiLayerNetwork.fit(DataSet), plain SGD"
        + " lr " + options.learningRate() + ", same initial parameters (core seed 42, copied to DL4J), batches"
        + " prebuilt (DL4J DataSets, core row views), float32, DL4J workspaces on");
    notes.put("c", "raw-GEMM bound = batch / sum over the step's GEMMs of flops / (raw cblas_sgemm GFLOPS at that"
        + " shape); ratio = measured core throughput as a fraction of it");
    notes.put("d", "the pure-Java backend (JavaBlas) vs native OpenBLAS in the same code");
    notes.put("e", "core gemm on the fallback path that copies operands into off-heap scratch and the result back"
        + " on every call (used where the pinned-array binding cannot load) vs raw cblas_sgemm");
    notes.put("jmh", "benchmarks " + GemmBenchmark.class.getName() + ".gemm and " + TrainingStepBenchmark.class
        .getName() + ".step; forks get the parent JVM's options plus " + OpenBlas.PINNING_JVM_OPTIONS);
    notes.put("versions", "fedspark " + BuildInfo.version() + " (git " + BuildInfo.gitCommit() + ", "
        + BuildInfo.sparkBuild() + " build), " + (Dl4jBaseline.inThisBuild().isPresent() ? "DL4J "
        + BuildInfo.dl4jVersion() : "no DL4J") + ", JMH " + org.openjdk.jmh.util.Version.getPlainVersion());
    return notes;
  }

  /**
   * The 1-minute load averages around the run, with a warning when other processes competed for
   * the cores: a load above a quarter of the cores before the run (nothing of ours was running
   * yet), or above cores - 1/2 at its end (this benchmark itself accounts for about 1).
   */
  static String loadNote(double start, double end) {
    int cores = Runtime.getRuntime().availableProcessors();
    String text = String.format(Locale.ROOT, "1-min load average %.2f at start, %.2f at end (%d cores)", start, end,
        cores);
    if (start > 0.25 * cores || end > cores - 0.5) {
      text += "; WARNING: other processes were competing for the cores, so wall-clock figures are noisy and"
          + " the cpu ratios (per CPU second of the measuring thread) are the better estimate";
    }
    return text;
  }

  /**
   * The GEMMs of one training step of a dense model with these widths, with how often each
   * shape occurs: forward {@code X W} ({@code b x in x out}), backward {@code X^T D}
   * ({@code in^T x b x out}) for every layer and {@code D W^T} ({@code b x out x in^T}) for every
   * layer but the first (the input gradient is not needed).
   */
  static Map<GemmShape, Integer> trainingGemms(List<Integer> widths, int batch) {
    Map<GemmShape, Integer> shapes = new LinkedHashMap<>();
    for (int l = 0; l + 1 < widths.size(); l++) {
      shapes.merge(GemmShape.of(batch, widths.get(l), widths.get(l + 1)), 1, Integer::sum);
    }
    for (int l = widths.size() - 2; l >= 0; l--) {
      shapes.merge(new GemmShape(widths.get(l), batch, widths.get(l + 1), true, false), 1, Integer::sum);
      if (l > 0) {
        shapes.merge(new GemmShape(batch, widths.get(l + 1), widths.get(l), false, true), 1, Integer::sum);
      }
    }
    return shapes;
  }
}
