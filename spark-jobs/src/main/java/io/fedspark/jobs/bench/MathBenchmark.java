package io.fedspark.jobs.bench;

import io.fedspark.jobs.dl4j.Dl4jConverter;
import io.fedspark.jobs.dl4j.Nd4jThreads;
import io.fedspark.jobs.provenance.BuildInfo;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.Blas;
import io.fedspark.math.blas.JavaBlas;
import io.fedspark.math.blas.OpenBlas;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.optim.SgdOptions;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@code fedspark bench math}: the math core against its baselines, every pair measured in the
 * same run, interleaved ({@link Sampler}), all on one thread:
 * <ol type="a">
 *   <li>core {@code Blas.gemm} on the native backend vs raw {@code cblas_sgemm} of the same
 *       OpenBLAS on off-heap buffers ({@link RawSgemm}), in GFLOPS, target ratio 0.9;</li>
 *   <li>training throughput (examples/s, plain SGD, one step per batch) of the core MLP vs a DL4J
 *       {@code MultiLayerNetwork} of the same architecture starting from the same parameters
 *       (copied through {@link Dl4jConverter}), targets 3x at batch 10 and 2x at batch 64;</li>
 *   <li>the same core throughput vs the bound implied by raw GEMM speed: the time of the step's
 *       GEMMs alone (forward {@code X W}, backward {@code X^T D} and {@code D W^T} per layer),
 *       each at the rate {@code cblas_sgemm} reaches at that exact shape and transposition;</li>
 *   <li>the pure-Java backend vs the native one, on the gemm shapes and on training;</li>
 *   <li>core {@code Blas.gemm} on the native fallback path that stages operands through off-heap
 *       copies ({@link OpenBlas#loadStaged}) vs raw {@code cblas_sgemm}: what pinning the arrays
 *       saves.</li>
 * </ol>
 * Single-threaded everywhere: OpenBLAS is loaded with 1 thread and ND4J is limited with
 * {@link Nd4jThreads#limitTo}; each figure records the process CPU seconds per wall second
 * measured while it ran, which shows it.
 *
 * <p>The backends are constructed directly ({@link OpenBlas#load}, {@link JavaBlas#instance}), not
 * through {@code MathRuntime}, which allows one backend per JVM.
 */
public final class MathBenchmark {
  private static final double GIGA = 1e9;

  private final MathBenchOptions options;
  private final Sampler sampler;
  private final PrintStream progress;

  /** @param progress receives one line per measured group while the benchmark runs */
  public MathBenchmark(MathBenchOptions options, PrintStream progress) {
    this.options = Objects.requireNonNull(options, "options");
    this.sampler = new Sampler(options.sampling());
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /** The figures by kind, in the order the report lists them. */
  private record Figures(List<BenchRecord> gemm, List<BenchRecord> training, List<BenchRecord> bound,
      List<BenchRecord> javaVsNative, List<BenchRecord> staged) {
    Figures() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    List<BenchRecord> all() {
      List<BenchRecord> all = new ArrayList<>(gemm);
      all.addAll(training);
      all.addAll(bound);
      all.addAll(javaVsNative);
      all.addAll(staged);
      return all;
    }
  }

  /** Runs every figure on {@code rows}; {@code command} is recorded as how to reproduce it. */
  public BenchReport run(TrainingRows rows, String command) {
    Instant start = Instant.now();
    double loadAtStart = MachineDescription.loadAverage();
    ModelSpec spec = options.mlp();
    if (rows.x().ncol() != spec.inputSize() || rows.classes() != spec.outputSize()) {
      throw new IllegalArgumentException("bench math: rows have " + rows.x().ncol() + " features and "
          + rows.classes() + " classes but model " + spec + " needs " + spec.inputSize() + " and " + spec.outputSize());
    }
    OpenBlas nativeBlas = OpenBlas.load(1);
    String nd4jThreads = Nd4jThreads.limitTo(1);
    Figures figures = new Figures();
    for (GemmShape shape : options.gemmShapes()) {
      measureGemm(shape, nativeBlas, figures);
    }
    float[] initial = Model.create(spec, 42, JavaBlas.instance()).parameters();
    Dl4jConverter converter = Dl4jConverter.of(spec);
    for (int i = 0; i < options.batchSizes().size(); i++) {
      double target = options.targets().get(i);
      measureTraining(rows, options.batchSizes().get(i), target > 0 ? target : null, initial, converter, nativeBlas,
          figures);
    }
    return new BenchReport("math", options.mode(), command, start, Instant.now(),
        MachineDescription.detect(nativeBlas.description()), options.sampling(),
        notes(rows, loadAtStart, nd4jThreads, nativeBlas.pinsArrays()
            ? "sgemm_ on the arrays in place, pinned by JNI GetPrimitiveArrayCritical"
            : "operands staged: copied into off-heap scratch, result copied back, on every call"), figures.all());
  }

  /**
   * Figures (a), (d) and (e) at one shape: raw cblas_sgemm, core native (arrays pinned), core Java
   * and core native with staged operands, interleaved.
   */
  private void measureGemm(GemmShape shape, Blas nativeBlas, Figures figures) {
    List<Sample> s;
    try (RawSgemm raw = new RawSgemm(shape, 1)) {
      s = sampler.interleaved(List.of(gigaflops(raw), gigaflops(coreGemm(nativeBlas, shape)),
          gigaflops(coreGemm(JavaBlas.instance(), shape)), gigaflops(coreGemm(OpenBlas.loadStaged(1), shape))));
    }
    figures.gemm().add(BenchRecord.compare("gemm " + shape + ": core native", "GFLOPS", s.get(1), "raw cblas_sgemm",
        s.get(0), 0.9));
    figures.javaVsNative().add(BenchRecord.compare("gemm " + shape + ": core java", "GFLOPS", s.get(2), "core native",
        s.get(1), null));
    figures.staged().add(BenchRecord.compare("gemm " + shape + ": core native, operands staged", "GFLOPS", s.get(3),
        "raw cblas_sgemm", s.get(0), null));
    progress.printf(Locale.ROOT, "gemm %s: raw %.1f, core native %.1f, core java %.1f, core native staged %.1f"
        + " GFLOPS%n", shape, s.get(0).median(), s.get(1).median(), s.get(2).median(), s.get(3).median());
  }

  /**
   * Figures (b), (c) and (d) at one batch size: first the raw GEMM rates at the step's shapes,
   * then core native, DL4J and core Java training from the same parameters, interleaved.
   */
  private void measureTraining(TrainingRows rows, int batch, Double target, float[] initial, Dl4jConverter converter,
      Blas nativeBlas, Figures figures) {
    ModelSpec spec = options.mlp();
    Map<GemmShape, Integer> stepGemms = trainingGemms(spec.widths(), batch);
    List<GemmShape> shapes = new ArrayList<>(stepGemms.keySet());
    List<Sample> rawRates = rawRates(shapes);
    double gemmSeconds = 0;
    double gemmCpuSeconds = 0;
    Map<String, Double> details = new LinkedHashMap<>();
    for (int j = 0; j < shapes.size(); j++) {
      GemmShape g = shapes.get(j);
      int count = stepGemms.get(g);
      gemmSeconds += count * g.flops() / (rawRates.get(j).median() * GIGA);
      gemmCpuSeconds += count * g.flops() / (rawRates.get(j).threadCpuRate() * GIGA);
      String at = " at " + g + (count > 1 ? " (x" + count + ")" : "");
      details.put("raw cblas_sgemm GFLOPS" + at, rawRates.get(j).median());
      details.put("raw cblas_sgemm GFLOPS per CPU second" + at, rawRates.get(j).threadCpuRate());
    }

    SgdOptions sgd = SgdOptions.plain(options.learningRate());
    List<Sample> s = sampler.interleaved(List.of(
        coreTrainer(Model.fromParameters(spec, initial, nativeBlas), sgd, rows, batch),
        dl4jTrainer(converter.network(sgd, initial), rows, batch),
        coreTrainer(Model.fromParameters(spec, initial, JavaBlas.instance()), sgd, rows, batch)));
    String prefix = spec.toString().replace(':', ' ') + " train b" + batch + ": ";
    figures.training().add(BenchRecord.compare(prefix + "core native", "examples/s", s.get(0), "DL4J 1.0.0-M2",
        s.get(1), target));
    details.put("GEMM-only step time (ms)", gemmSeconds * 1e3);
    details.put("measured core step time (ms)", batch / s.get(0).median() * 1e3);
    details.put("GEMM-only step CPU time (ms)", gemmCpuSeconds * 1e3);
    details.put("measured core step CPU time (ms)", batch / s.get(0).threadCpuRate() * 1e3);
    figures.bound().add(BenchRecord.derived(prefix + "core native", "examples/s", s.get(0), "raw-GEMM bound",
        batch / gemmSeconds, batch / gemmCpuSeconds, null, details));
    figures.javaVsNative().add(BenchRecord.compare(prefix + "core java", "examples/s", s.get(2), "core native",
        s.get(0), null));
    progress.printf(Locale.ROOT, "train b%d: core native %.0f, DL4J %.0f, core java %.0f examples/s; raw-GEMM bound"
        + " %.0f examples/s%n", batch, s.get(0).median(), s.get(1).median(), s.get(2).median(), batch / gemmSeconds);
  }

  /** GFLOPS of raw cblas_sgemm at each shape, measured interleaved. */
  private List<Sample> rawRates(List<GemmShape> shapes) {
    List<RawSgemm> raws = new ArrayList<>();
    try {
      List<Workload> loads = new ArrayList<>();
      for (GemmShape g : shapes) {
        RawSgemm raw = new RawSgemm(g, 2);
        raws.add(raw);
        loads.add(gigaflops(raw));
      }
      return sampler.interleaved(loads);
    } finally {
      raws.forEach(RawSgemm::close);
    }
  }

  private Map<String, String> notes(TrainingRows rows, double loadAtStart, String nd4jThreads, String nativeOperands) {
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("load", loadNote(loadAtStart, MachineDescription.loadAverage()));
    notes.put("data", rows.description());
    notes.put("threads", "1 everywhere: OpenBLAS set to 1 thread; ND4J " + nd4jThreads
        + "; cpuPerWall in the JSON is process CPU s per wall s during each measurement");
    notes.put("a", "core gemm = Blas.gemm on Java float[] (" + nativeOperands + "); raw = cblas_sgemm on off-heap"
        + " buffers filled once");
    notes.put("b", "one step = core Model.lossAndGradient + Sgd.step / DL4J MultiLayerNetwork.fit(DataSet), plain SGD"
        + " lr " + options.learningRate() + ", same initial parameters (core seed 42, copied to DL4J), batches"
        + " prebuilt (DL4J DataSets, core row views), float32, DL4J workspaces on");
    notes.put("c", "raw-GEMM bound = batch / sum over the step's GEMMs of flops / (raw cblas_sgemm GFLOPS at that"
        + " shape); ratio = measured core throughput as a fraction of it");
    notes.put("d", "the pure-Java backend (JavaBlas) vs native OpenBLAS in the same code");
    notes.put("e", "core gemm on the fallback path that copies operands into off-heap scratch and the result back"
        + " on every call (used where the pinned-array binding cannot load) vs raw cblas_sgemm");
    notes.put("versions", "fedspark " + BuildInfo.version() + " (git " + BuildInfo.gitCommit() + "), DL4J "
        + BuildInfo.dl4jVersion());
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

  private static Workload gigaflops(Workload flops) {
    return () -> flops.run() / GIGA;
  }

  /** One {@code Blas.gemm} on Java arrays of the shape, filled once; returns its flops. */
  private static Workload coreGemm(Blas blas, GemmShape shape) {
    SplittableRandom random = new SplittableRandom(1);
    FloatMatrix a = filled(shape.aRows(), shape.aCols(), random);
    FloatMatrix b = filled(shape.bRows(), shape.bCols(), random);
    FloatMatrix c = new FloatMatrix(shape.m(), shape.n());
    return () -> {
      blas.gemm(shape.transA(), shape.transB(), 1f, a, b, 0f, c);
      return shape.flops();
    };
  }

  private static FloatMatrix filled(int rows, int cols, SplittableRandom random) {
    FloatMatrix m = new FloatMatrix(rows, cols);
    float[] d = m.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (2 * random.nextDouble() - 1);
    }
    return m;
  }

  /** One core SGD step per call on the next batch (row views, cycling); returns the batch size. */
  private static Workload coreTrainer(Model model, SgdOptions sgd, TrainingRows rows, int batch) {
    int batches = rows.x().nrow() / batch;
    FloatMatrix[] xs = new FloatMatrix[batches];
    int[][] ys = new int[batches][];
    for (int i = 0; i < batches; i++) {
      xs[i] = rows.x().rows(i * batch, batch);
      ys[i] = java.util.Arrays.copyOfRange(rows.labels(), i * batch, (i + 1) * batch);
    }
    Sgd optimizer = new Sgd(sgd);
    float[] grad = new float[model.parameterCount()];
    int[] next = {0};
    return () -> {
      int i = next[0]++ % batches;
      model.lossAndGradient(xs[i], ys[i], null, grad);
      optimizer.step(model.parameters(), grad);
      return batch;
    };
  }

  /** One DL4J {@code fit} per call on the next prebuilt DataSet (cycling); returns the batch size. */
  private static Workload dl4jTrainer(MultiLayerNetwork net, TrainingRows rows, int batch) {
    int batches = rows.x().nrow() / batch;
    DataSet[] sets = new DataSet[batches];
    for (int i = 0; i < batches; i++) {
      sets[i] = Dl4jConverter.dataSet(rows.x().rows(i * batch, batch),
          java.util.Arrays.copyOfRange(rows.labels(), i * batch, (i + 1) * batch), rows.classes());
    }
    int[] next = {0};
    return () -> {
      net.fit(sets[next[0]++ % batches]);
      return batch;
    };
  }
}
