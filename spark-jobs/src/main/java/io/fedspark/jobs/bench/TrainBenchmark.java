package io.fedspark.jobs.bench;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.DataOptions;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.config.RunOptions;
import io.fedspark.jobs.data.HadoopDatasetSource;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.provenance.BuildInfo;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.jobs.train.TrainEngines;
import io.fedspark.jobs.train.TrainJob;
import io.fedspark.jobs.train.TrainOptions;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Optimizer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code bench train}: the same data-parallel training run ({@code fedspark train}, local SGD, the
 * same model, data, partitions, batches and optimizer) on the native engine and on the DL4J Spark
 * engine (Spark 3.5 build only; the Spark 4 build measures the native engine alone), on one
 * {@code local[2]} session, and:
 * <ul>
 *   <li>time to the target test accuracy: the cumulative training seconds (the {@code seconds}
 *       column of metrics.csv, evaluation excluded) up to the first epoch whose test accuracy
 *       reaches the target; an engine that never reaches it within the epoch budget gets no
 *       number, only a note;</li>
 *   <li>training examples/s: the median over epochs of metrics.csv's {@code examples_per_second};</li>
 *   <li>the native engine's scaling efficiency on 2 cores: its local[2] examples/s divided by the
 *       single-thread examples/s of the same per-partition step loop (copy a minibatch,
 *       {@code Model.lossAndGradient}, optimizer step) timed in-process, without Spark (ideal 2.0);</li>
 *   <li>update compression ({@link CompressionComparison}): bytes per synchronisation and time to the
 *       target of the barrier exchange under each compression setting against uncompressed.</li>
 * </ul>
 */
public final class TrainBenchmark {

  /**
   * What is measured.
   *
   * @param mode report name (quick, full, tiny)
   * @param dataset train.dataset
   * @param model train.model
   * @param epochs epoch budget of each engine (every epoch is evaluated)
   * @param partitions train.partitions
   * @param batchSize train.batch-size
   * @param localSteps train.local-steps
   * @param learningRate SGD learning rate (momentum 0.9, Nesterov: the same on both engines)
   * @param targetAccuracy the test accuracy whose time is measured (0.97 for the issue)
   * @param singleThreadSeconds timed seconds of each of the 3 single-thread repetitions
   * @param seed run.seed
   */
  public record Options(String mode, String dataset, String model, int epochs, int partitions, int batchSize,
      int localSteps, double learningRate, double targetAccuracy, double singleThreadSeconds, long seed) {
    public Options {
      Objects.requireNonNull(mode, "mode");
      ModelSpec.parse(model);
      if (epochs < 1 || partitions < 1 || batchSize < 1 || localSteps < 1 || !(learningRate > 0)
          || !(targetAccuracy > 0 && targetAccuracy <= 1) || !(singleThreadSeconds > 0)) {
        throw new IllegalArgumentException("bench train: invalid options " + this);
      }
    }

    /** The run: MNIST, mlp:784-200-10, 2 partitions, batch 32, 50 local steps, lr 0.05, up to 4 epochs. */
    public static Options quick() {
      return new Options("quick", "mnist", "mlp:784-200-10", 4, 2, 32, 50, 0.05, 0.97, 2.0, 42);
    }

    /** As quick with up to 10 epochs and longer single-thread repetitions. */
    public static Options full() {
      return new Options("full", "mnist", "mlp:784-200-10", 10, 2, 32, 50, 0.05, 0.97, 4.0, 42);
    }

    /** The fedspark train settings of one engine ({@code exchange}: train.exchange of the native engine). */
    List<String> settings(String engine, String exchange, Path runDir) {
      return List.of("run.seed=" + seed, "train.dataset=" + dataset, "train.model=\"" + model + "\"",
          "train.engine=" + engine, "train.exchange=" + exchange, "train.mode=local-sgd", "train.partitions=" + partitions, "train.epochs=" + epochs,
          "train.batch-size=" + batchSize, "train.local-steps=" + localSteps, "train.optimizer.kind=sgd",
          "train.optimizer.learning-rate=" + learningRate, "train.optimizer.momentum=0.9",
          "train.optimizer.nesterov=true", "train.optimizer.schedule=constant", "eval.every=1",
          "train.early-stopping.patience=0", "math.blas-threads=1", "run.overwrite=true",
          "run.dir=\"" + runDir.toAbsolutePath() + "\"");
    }
  }

  /** One engine's run, read back from its metrics.csv ({@code bytesPerSync} NaN where not measured). */
  record EngineRun(double[] testAccuracy, double[] seconds, double[] examplesPerSecond, int[] steps,
      double[] bytesPerSync, double wallSeconds) {
    /** 1-based epoch of the first test accuracy >= target, 0 if none. */
    int epochReaching(double target) {
      for (int i = 0; i < testAccuracy.length; i++) {
        if (testAccuracy[i] >= target) {
          return i + 1;
        }
      }
      return 0;
    }

    double secondsTo(int epoch) {
      double s = 0;
      for (int i = 0; i < epoch; i++) {
        s += seconds[i];
      }
      return s;
    }

    double best() {
      double b = 0;
      for (double a : testAccuracy) {
        b = Math.max(b, a);
      }
      return b;
    }
  }

  private final Options options;
  private final PrintStream progress;

  public TrainBenchmark(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs both engines on {@code jsc} (local[2]) and the single-thread loop; {@code extra} settings go last (tests). */
  public BenchReport run(JavaSparkContext jsc, String command, List<String> extra) {
    Instant start = Instant.now();
    double loadStart = MachineDescription.loadAverage();
    Path runs = BenchCommand.runDirectory("train");
    EngineRun nativeRun = train(jsc, "native", "jobs", runs.resolve("native"), extra);
    EngineRun barrierRun = train(jsc, "native", "barrier", runs.resolve("native-barrier"), extra);
    Map<CompressionComparison.Setting, EngineRun> compressed = new LinkedHashMap<>();
    for (CompressionComparison.Setting c : CompressionComparison.SETTINGS) {
      List<String> sets = new ArrayList<>(c.settings());
      sets.addAll(extra);
      compressed.put(c, train(jsc, "native", "barrier", runs.resolve("barrier-" + c.slug()), sets));
    }
    // DL4J's Spark engine is in the Spark 3.5 build only: elsewhere the native figures alone (dl4jRun null)
    EngineRun dl4jRun = TrainEngines.available(TrainOptions.Engine.DL4J)
        ? train(jsc, "dl4j", "jobs", runs.resolve("dl4j"), extra) : null;
    Sample single = singleThread(config("native", "jobs", runs.resolve("single"), extra));
    String blas = MathRuntime.description();
    double loadEnd = MachineDescription.loadAverage();

    Map<String, String> notes = notes(nativeRun, barrierRun, dl4jRun, single);
    notes.put("compression", "the barrier run again with each train.compression setting (" + CompressionComparison
        .SETTINGS.stream().map(c -> c.label() + ": " + String.join(" ", c.settings()))
        .collect(java.util.stream.Collectors.joining("; ")) + "); bytes per sync: the median over epochs of"
        + " metrics.csv's bytes_per_sync (one partition's contribution as the exchange encodes it); ratios against the"
        + " uncompressed barrier run of this session");
    compressed.forEach((c, r) -> {
      notes.put("barrier " + c.label() + " per epoch", describe(r));
      notes.put("barrier " + c.label() + " to " + targetPercent(), reached(r));
    });
    notes.put("load", FederateBenchmark.loadNote(loadStart, loadEnd));
    notes.put("runs", runs.toString());
    Sample nativeRate = epochSample(nativeRun);
    List<BenchRecord> records = new ArrayList<>();
    if (dl4jRun != null) {
      timeToTarget("native", "native", nativeRun, dl4jRun).ifPresent(records::add);
      timeToTarget("native barrier", "nativeBarrier", barrierRun, dl4jRun).ifPresent(records::add);
      records.add(BenchRecord.compare("train examples/s: native", "examples/s", nativeRate, "DL4J Spark",
          epochSample(dl4jRun), null));
    }
    records.add(scaling("native jobs", nativeRate, single, null));
    records.add(scaling("native barrier", epochSample(barrierRun), single, SCALING_TARGET));
    double jobsMs = syncOverheadMs(nativeRun, single.median());
    double barrierMs = syncOverheadMs(barrierRun, single.median());
    int syncsPerEpoch = syncs(nativeRun.steps()[0]);
    notes.put("per-sync overhead", String.format(Locale.ROOT, "jobs %.1f ms, barrier %.1f ms: per synchronisation,"
        + " the median over epochs of (epoch training seconds - epoch examples / (%d x single-thread examples/s))"
        + " / synchronisations of the epoch (%d)", jobsMs, barrierMs, Math.min(options.partitions(), CORES),
        syncsPerEpoch));
    if (jobsMs > 0 && barrierMs > 0) {
      Map<String, Double> d = new LinkedHashMap<>();
      d.put("jobsMs", jobsMs);
      d.put("barrierMs", barrierMs);
      d.put("syncsPerEpoch", (double) syncsPerEpoch);
      records.add(new BenchRecord("per-sync overhead: barrier (1/ms)", 1 / barrierMs, "1/ms", "jobs", 1 / jobsMs,
          jobsMs / barrierMs, null, null, null, d, null));
    }
    records.addAll(CompressionComparison.records(barrierRun, compressed, options.targetAccuracy()));
    MachineDescription machine = MachineDescription.detect(blas);
    return new BenchReport("train", options.mode(), command, start, Instant.now(), machine,
        new SamplerOptions(Duration.ZERO, options.epochs(), Duration.ofNanos(1)), notes, records);
  }

  /** The target accuracy as the notes and figure names say it, e.g. {@code 97%}. */
  private String targetPercent() {
    return String.format(Locale.ROOT, "%.0f%%", 100 * options.targetAccuracy());
  }

  /** The notes on the setup, each engine's epochs and how far it got ({@code dl4jRun} null: not run). */
  private Map<String, String> notes(EngineRun nativeRun, EngineRun barrierRun, EngineRun dl4jRun, Sample single) {
    Map<String, String> notes = new LinkedHashMap<>();
    String pct = targetPercent();
    notes.put("configuration", String.format(Locale.ROOT, "%s, %s, local[2], train.partitions=%d, local-sgd, batch %d per"
        + " partition, %d local steps between averagings, SGD lr %s momentum 0.9 Nesterov, constant schedule, up to %d"
        + " epochs, test accuracy after every epoch, seed %d; the same settings for both engines (fedspark train"
        + " --set train.engine=native|dl4j); %s build", options.dataset(), options.model(), options.partitions(),
        options.batchSize(), options.localSteps(), options.learningRate(), options.epochs(), options.seed(),
        BuildInfo.sparkBuild()));
    notes.put("time to " + pct, "cumulative 'seconds' of metrics.csv (training only, evaluation excluded; the first"
        + " epoch includes JIT warm-up for both) up to the first epoch with test_accuracy >= " + options.targetAccuracy()
        + "; examples/s: median over epochs of metrics.csv's examples_per_second");
    notes.put("native per epoch", describe(nativeRun));
    notes.put("native barrier per epoch", describe(barrierRun));
    if (dl4jRun != null) {
      notes.put("dl4j per epoch", describe(dl4jRun));
    } else {
      notes.put("dl4j", "not run: DL4J's Spark engine is in the Spark 3.5 build only (this is the Spark "
          + BuildInfo.sparkLine() + " build)");
    }
    notes.put("native to " + pct, reached(nativeRun));
    notes.put("native barrier to " + pct, reached(barrierRun));
    if (dl4jRun != null) {
      notes.put("dl4j to " + pct, reached(dl4jRun));
    }
    notes.put("single thread", "the native per-partition step loop (copy a batch of " + options.batchSize()
        + ", Model.lossAndGradient, SGD step) on the driver thread without Spark, 1 BLAS thread; median of "
        + single.repetitions() + " repetitions of " + options.singleThreadSeconds() + " s after "
        + options.singleThreadSeconds() + " s warm-up");
    return notes;
  }

  /**
   * The time-to-target figure of a native run against DL4J's, if both reached the target
   * ({@code key}: the details' prefix of the native run, e.g. {@code nativeBarrier}).
   */
  private Optional<BenchRecord> timeToTarget(String name, String key, EngineRun run, EngineRun dl4jRun) {
    int epoch = run.epochReaching(options.targetAccuracy());
    int dl4jEpoch = dl4jRun.epochReaching(options.targetAccuracy());
    if (epoch == 0 || dl4jEpoch == 0) {
      return Optional.empty();
    }
    double seconds = run.secondsTo(epoch);
    double dl4jSeconds = dl4jRun.secondsTo(dl4jEpoch);
    Map<String, Double> d = new LinkedHashMap<>();
    d.put(key + "Seconds", seconds);
    d.put(key + "Epoch", (double) epoch);
    d.put("dl4jSeconds", dl4jSeconds);
    d.put("dl4jEpoch", (double) dl4jEpoch);
    return Optional.of(new BenchRecord("time to " + targetPercent() + ": " + name + " (1/s)", 1 / seconds, "1/s",
        "DL4J Spark", 1 / dl4jSeconds, dl4jSeconds / seconds, 5.0, null, null, d, null));
  }

  /** The scaling figure of a local[2] run: its examples/s against the single-thread loop's (ideal 2.0). */
  private static BenchRecord scaling(String name, Sample rate, Sample single, Double target) {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("ideal", 2.0);
    d.put("fractionOfIdeal", rate.median() / single.median() / 2);
    d.put("singleThreadCpuRate", single.threadCpuRate());
    d.put("singleThreadCoreShare", single.median() / single.threadCpuRate());
    return new BenchRecord(name + " local[2] / 1 thread", rate.median(), "examples/s", "core 1 thread, no Spark",
        single.median(), rate.median() / single.median(), target, rate, single, d, null);
  }

  /** The scaling the issue asks of the barrier exchange: 0.8 of the ideal 2.0. */
  static final double SCALING_TARGET = 1.6;

  /**
   * Below this share of a core (wall rate / thread-CPU rate) the single-thread baseline was slowed by
   * other processes, and the scaling figures measured against it are flagged.
   */
  static final double BUSY_CORE_SHARE = 0.9;

  /** Cores of the benchmark's master (local[2]). */
  private static final int CORES = 2;

  /** Synchronisations of a local-SGD epoch of {@code steps} minibatch steps per partition. */
  private int syncs(int steps) {
    return (steps + options.localSteps() - 1) / options.localSteps();
  }

  /**
   * What a synchronisation costs beyond the compute, in ms: per epoch, its training seconds minus
   * its examples at the single-thread rate spread over min(partitions, cores) threads, divided by
   * its synchronisations; the median over epochs.
   */
  private double syncOverheadMs(EngineRun r, double singleRate) {
    int threads = Math.min(options.partitions(), CORES);
    double[] ms = new double[r.seconds().length];
    for (int i = 0; i < ms.length; i++) {
      double examples = r.examplesPerSecond()[i] * r.seconds()[i];
      ms[i] = 1000 * (r.seconds()[i] - examples / (threads * singleRate)) / syncs(r.steps()[i]);
    }
    java.util.Arrays.sort(ms);
    return ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
  }

  private String reached(EngineRun r) {
    int epoch = r.epochReaching(options.targetAccuracy());
    if (epoch == 0) {
      return String.format(Locale.ROOT, "NOT REACHED within %d epochs (best test accuracy %.2f%%, %.1f s of training)",
          r.testAccuracy().length, 100 * r.best(), r.secondsTo(r.testAccuracy().length));
    }
    return String.format(Locale.ROOT, "%.1f s (epoch %d, test accuracy %.2f%%); whole run incl. data loading and"
        + " evaluation %.1f s", r.secondsTo(epoch), epoch, 100 * r.testAccuracy()[epoch - 1], r.wallSeconds());
  }

  private static String describe(EngineRun r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < r.testAccuracy().length; i++) {
      sb.append(String.format(Locale.ROOT, "%s%d: %.2f%% %.1f s %.0f ex/s", i == 0 ? "" : "; ", i + 1,
          100 * r.testAccuracy()[i], r.seconds()[i], r.examplesPerSecond()[i]));
    }
    return sb.toString();
  }

  private static Sample epochSample(EngineRun r) {
    double[] nan = new double[r.examplesPerSecond().length];
    java.util.Arrays.fill(nan, Double.NaN);
    return Sample.of(r.examplesPerSecond(), nan, nan);
  }

  /** The fedspark train settings of one engine with {@code extra} last. */
  private List<String> settings(String engine, String exchange, Path runDir, List<String> extra) {
    List<String> s = new ArrayList<>(options.settings(engine, exchange, runDir));
    s.addAll(extra);
    return s;
  }

  private JobConfig config(String engine, String exchange, Path runDir, List<String> extra) {
    return ConfigLoader.withShippedDefaults().load(null, settings(engine, exchange, runDir, extra));
  }

  private EngineRun train(JavaSparkContext jsc, String engine, String exchange, Path runDir, List<String> extra) {
    List<String> s = settings(engine, exchange, runDir, extra);
    JobConfig cfg = ConfigLoader.withShippedDefaults().load(null, s);
    progress.printf(Locale.ROOT, "[bench train] %s engine on %s: %s%n", engine, jsc.master(), String.join(" ", s));
    long t0 = System.nanoTime();
    TrainJob.run(new JobContext("train", s, cfg), null);
    double wall = (System.nanoTime() - t0) / 1e9;
    Path dir = runDir.toAbsolutePath();
    List<String> lines;
    try {
      lines = Files.readAllLines(dir.resolve("metrics.csv"));
    } catch (IOException e) {
      throw new UncheckedIOException("bench train: cannot read " + dir.resolve("metrics.csv") + ": " + e.getMessage(), e);
    }
    List<String> header = List.of(lines.get(0).split(","));
    int acc = header.indexOf("test_accuracy");
    int sec = header.indexOf("seconds");
    int eps = header.indexOf("examples_per_second");
    int stp = header.indexOf("steps");
    int bps = header.indexOf("bytes_per_sync");
    int n = lines.size() - 1;
    double[] bytes = new double[n];
    int[] st = new int[n];
    double[] a = new double[n];
    double[] t = new double[n];
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i + 1).split(",", -1);
      a[i] = f[acc].isEmpty() ? Double.NaN : Double.parseDouble(f[acc]);
      t[i] = Double.parseDouble(f[sec]);
      r[i] = Double.parseDouble(f[eps]);
      st[i] = Integer.parseInt(f[stp]);
      bytes[i] = bps < 0 || f[bps].isEmpty() ? Double.NaN : Double.parseDouble(f[bps]);
    }
    return new EngineRun(a, t, r, st, bytes, wall);
  }

  /** The native step loop on this thread, no Spark: examples/s over repetitions of singleThreadSeconds. */
  private Sample singleThread(JobConfig cfg) {
    MathOptions math = MathOptions.from(cfg);
    MathRuntime.configure(math.backend(), 1);
    TrainOptions opts = TrainOptions.from(cfg);
    RunOptions run = RunOptions.from(cfg);
    HadoopFiles files = new HadoopFiles(new org.apache.hadoop.conf.Configuration());
    LabeledDataset train = new HadoopDatasetSource(files, DataOptions.from(cfg))
        .load(BenchData.preset(opts.dataset(), TrainOptions.DATASET.key()), run.seed(), new Provenance("bench", List.of(), cfg, run.seed())).train();
    ModelSpec spec = opts.model();
    Model model = Model.create(spec, run.seed());
    Optimizer opt = opts.training().optimizer().create();
    int b = opts.training().batchSize();
    int cols = train.featureCount();
    float[] x = train.features();
    int[] y = train.labels();
    float[] p = model.parameters();
    float[] grad = new float[p.length];
    float[] bx = new float[b * cols];
    int[] by = new int[b];
    int batches = train.size() / b;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long budget = (long) (options.singleThreadSeconds() * 1e9);
    int reps = 3;
    double[] rates = new double[reps];
    double[] cpuPerWall = new double[reps];
    double[] cpuRates = new double[reps];
    int next = 0;
    progress.printf(Locale.ROOT, "[bench train] single-thread native step loop: %d x %.1f s after %.1f s warm-up%n", reps,
        options.singleThreadSeconds(), options.singleThreadSeconds());
    for (int rep = -1; rep < reps; rep++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long examples = 0;
      float sink = 0;
      while (System.nanoTime() - t0 < budget) {
        int row = next % batches * b;
        next++;
        System.arraycopy(x, row * cols, bx, 0, b * cols);
        System.arraycopy(y, row, by, 0, b);
        sink += model.lossAndGradient(FloatMatrix.wrap(bx, 0, b, cols), by, null, grad).loss();
        opt.step(p, grad);
        examples += b;
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
      if (rep >= 0) {
        rates[rep] = examples / wall;
        cpuPerWall[rep] = cpu / wall;
        cpuRates[rep] = examples / cpu;
        progress.printf(Locale.ROOT, "[bench train]   %.0f examples/s (thread CPU/wall %.2f, loss %.3f)%n", rates[rep],
            cpu / wall, sink / Math.max(1, examples / b));
      }
    }
    return Sample.of(rates, cpuPerWall, cpuRates);
  }

  /** The printed table: the report's table plus what each ratio means. */
  static String table(BenchReport report) {
    StringBuilder sb = new StringBuilder(report.table());
    if (report.records().stream().anyMatch(r -> "DL4J Spark".equals(r.baseline()))) {
      sb.append("time-to-target ratio = DL4J seconds / native seconds (target >= 5); examples/s ratio = native / DL4J;");
    } else {
      sb.append("no DL4J figures: DL4J's Spark engine is in the Spark 3.5 build only;");
    }
    sb.append(" scaling = native local[2] examples/s / single-thread examples/s (ideal 2.0; target for barrier"
        + " >= " + SCALING_TARGET + ")\n");
    for (BenchRecord r : report.records()) {
      if (r.details().containsKey("fractionOfIdeal")) {
        sb.append(String.format(Locale.ROOT, "scaling efficiency on 2 cores (%s): %.2f of ideal 2.0 = %.0f%%%n",
            r.name().contains("barrier") ? "barrier" : "jobs", r.ratio(), 100 * r.details().get("fractionOfIdeal")));
        Double share = r.details().get("singleThreadCoreShare");
        if (share != null && share < BUSY_CORE_SHARE) {
          sb.append(String.format(Locale.ROOT, "  WARNING: the single-thread baseline got %.0f%% of a core (other"
              + " processes took the rest), so it is too slow and this scaling figure too high; rerun on a quiet"
              + " machine%n", 100 * share));
        }
      }
      if (r.details().containsKey("barrierMs")) {
        sb.append(String.format(Locale.ROOT, "per-synchronisation overhead: jobs %.1f ms, barrier %.1f ms (%.0f"
            + " synchronisations per epoch)%n", r.details().get("jobsMs"), r.details().get("barrierMs"),
            r.details().get("syncsPerEpoch")));
      }
    }
    sb.append(CompressionComparison.table(report));
    return sb.toString();
  }
}
