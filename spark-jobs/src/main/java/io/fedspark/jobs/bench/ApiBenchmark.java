package io.fedspark.jobs.bench;

import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.data.DatasetName;
import io.fedspark.jobs.provenance.BuildInfo;
import io.fedspark.jobs.train.TrainOptions;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.ml.NeuralNetClassificationModel;
import io.fedspark.ml.NeuralNetClassifier;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code bench api}: fedspark's Spark ML estimator ({@link NeuralNetClassifier}) against Spark
 * MLlib's own {@link MultilayerPerceptronClassifier} on the same network (e.g. 784-200-10, sigmoid
 * hidden layer in MLlib, ReLU in fedspark: each library's own MLP), the same cached DataFrames
 * ({@link VectorFrames}: the bundled dataset read through the data plane, a vector column) and one
 * {@code local[2]} session:
 * <ul>
 *   <li><b>fit time to the target test accuracy</b> (97% on MNIST). fedspark: separate fits with
 *       {@code epochs = 1, 2, ...} (a fit of k epochs is the first k epochs of a longer one: the
 *       schedule is constant, every random choice derives from the seed), each evaluated on the
 *       test rows; the figure is the median wall time of {@code fit()} at the first epoch count
 *       that reaches the target, over {@code fitRepeats} fits. MLlib (L-BFGS, its default and best
 *       solver): separate fits from scratch with increasing {@code maxIter} (the same seed and data:
 *       each is a prefix of the longer ones' trajectory; chaining {@code initialWeights} would
 *       restart L-BFGS and lose its curvature history), each evaluated; the figure is the wall time
 *       of {@code fit()} at the smallest {@code maxIter} that reaches the target, the previous one
 *       bounding it from below. If MLlib does not reach the target within the list or the time cap,
 *       the comparison is at MLlib's best accuracy instead, and says so.</li>
 *   <li><b>{@code transform} throughput</b>: rows/s of each model's {@code transform} over the same
 *       test rows (all three output columns materialised by Spark's {@code noop} writer), repeated
 *       until a repetition lasts {@code transformSeconds}; repetitions interleaved, median.</li>
 * </ul>
 * Process CPU seconds (all threads of this JVM: driver and local executors) are recorded next to
 * every wall time, so that a reader can discount what other processes took on a busy machine.
 */
public final class ApiBenchmark {

  /**
   * What is measured.
   *
   * @param mode report name (quick, full, tiny)
   * @param dataset the bundled dataset (with its own test table)
   * @param layers the network's layer sizes, e.g. 784, 200, 10 (fedspark {@code mlp:784-200-10})
   * @param maxEpochs fedspark's largest epoch count tried
   * @param partitions fedspark's {@code train.partitions}
   * @param batchSize fedspark's {@code train.batch-size}
   * @param localSteps fedspark's {@code train.local-steps}
   * @param learningRate fedspark's SGD learning rate (Nesterov momentum 0.9, constant schedule: the defaults)
   * @param mllibMaxIters MLlib's {@code maxIter} values tried, increasing
   * @param mllibCapSeconds no larger {@code maxIter} is tried once a fit took this long, or when the
   *     next fit would take longer (predicted in proportion to the last fit's seconds per iteration)
   * @param mllibBudgetSeconds no fit is started that would bring MLlib's total fit seconds above this
   * @param targetAccuracy the test accuracy whose fit time is compared
   * @param claim whether the budgets can reach the target (false: quick and test runs, no claim)
   * @param fitRepeats fedspark fits at the chosen epoch count whose median is the figure
   * @param transformRepetitions interleaved repetitions of each model's scoring
   * @param transformSeconds least seconds of one scoring repetition
   * @param trainLimit keep only this many training rows (0: all; tests)
   * @param seed both libraries' seed
   */
  public record Options(String mode, String dataset, List<Integer> layers, int maxEpochs, int partitions, int batchSize,
      int localSteps, double learningRate, List<Integer> mllibMaxIters, double mllibCapSeconds, double mllibBudgetSeconds,
      double targetAccuracy,
      boolean claim, int fitRepeats, int transformRepetitions, double transformSeconds, int trainLimit, long seed) {
    public Options {
      Objects.requireNonNull(mode, "mode");
      layers = List.copyOf(layers);
      mllibMaxIters = List.copyOf(mllibMaxIters);
      ModelSpec.parse(modelSpec(layers));
      boolean increasing = !mllibMaxIters.isEmpty() && mllibMaxIters.get(0) > 0;
      for (int i = 1; i < mllibMaxIters.size(); i++) {
        increasing &= mllibMaxIters.get(i) > mllibMaxIters.get(i - 1);
      }
      if (layers.size() < 2 || maxEpochs < 1 || partitions < 1 || batchSize < 1 || localSteps < 1
          || !(learningRate > 0) || !increasing || !(mllibCapSeconds > 0) || !(mllibBudgetSeconds >= mllibCapSeconds) || !(targetAccuracy > 0 && targetAccuracy <= 1)
          || fitRepeats < 1 || transformRepetitions < 1 || !(transformSeconds > 0) || trainLimit < 0) {
        throw new IllegalArgumentException("bench api: invalid options " + this);
      }
    }

    /**
     * Small budgets for a smoke run of under a minute: fedspark up to 2 epochs, MLlib 5 L-BFGS
     * iterations, 3 scoring repetitions of 0.5 s; no claim about 97%.
     */
    public static Options quick() {
      return new Options("quick", "mnist", List.of(784, 200, 10), 2, 2, 32, 50, 0.05, List.of(5), 120, 120, 0.97, false, 1,
          3, 0.5, 0, 42);
    }

    /**
     * The run: MNIST, 784-200-10, fedspark with bench train's settings (2 partitions,
     * batch 32, 50 local steps, SGD lr 0.05, Nesterov momentum 0.9) up to 10 epochs, 3 fits at the
     * chosen count; MLlib L-BFGS at maxIter 25, 50, 100, 150, 200, 300, 400 until 97%, a fit
     * of 1,500 s or 3,000 s of MLlib fits in all; 5 scoring repetitions of at least 3 s.
     */
    public static Options full() {
      return new Options("full", "mnist", List.of(784, 200, 10), 10, 2, 32, 50, 0.05,
          List.of(25, 50, 100, 150, 200, 300, 400), 1500, 3000, 0.97, true, 3, 5, 3.0, 0, 42);
    }

    /** fedspark's spec of {@code layers}: {@code mlp:784-200-10}. */
    static String modelSpec(List<Integer> layers) {
      return "mlp:" + layers.stream().map(String::valueOf).collect(Collectors.joining("-"));
    }

    String modelSpec() {
      return modelSpec(layers);
    }

    int[] layerArray() {
      return layers.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** One fit: its size (epochs or maxIter), wall and process CPU seconds, test accuracy, and the model. */
  record Fit(int size, double seconds, double cpuSeconds, double accuracy, Transformer model) {}

  private final Options options;
  private final PrintStream progress;
  private final MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator()
      .setMetricName("accuracy").setLabelCol("label").setPredictionCol("prediction");

  public ApiBenchmark(Options options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  /** Runs everything on the active SparkSession (local[2]); {@code extra} settings go last (tests). */
  public BenchReport run(String command, List<String> extra) {
    Instant start = Instant.now();
    double loadStart = MachineDescription.loadAverage();
    Path runDir = BenchCommand.runDirectory("api");
    List<String> settings = new ArrayList<>(List.of("run.seed=" + options.seed(), "train.dataset=" + options.dataset(),
        "run.overwrite=true", "run.dir=\"" + runDir.toAbsolutePath() + "\""));
    settings.addAll(extra);
    JobConfig cfg = ConfigLoader.withShippedDefaults().load(null, settings);
    JobRun job = JobRun.start(new JobContext("bench api", settings, cfg), null);
    DatasetName name = cfg.get(TrainOptions.DATASET);
    VectorFrames data = VectorFrames.read(job, name, TrainOptions.DATASET.key(), 2, options.trainLimit());
    progress.printf(Locale.ROOT, "[bench api] %s: %d training rows (%d partitions), %d test rows, on %s%n",
        options.dataset(), data.trainRows(), data.train().rdd().getNumPartitions(), data.testRows(),
        job.jsc().master());
    try {
      return measure(data, command, start, loadStart, job.jsc().master());
    } finally {
      data.release();
    }
  }

  /**
   * Both libraries' fits and what is compared: {@code goal}, the accuracy both are timed to (the
   * target, or MLlib's best when no MLlib fit reached the target), MLlib's fit at the goal and the
   * one before it, fedspark's first fit reaching the goal (null if none) and its repeats.
   */
  private record Comparison(List<Fit> fedspark, List<Fit> mllib, String mllibStop, boolean mllibReached, double goal,
      Fit mllibAt, Fit mllibBelow, Fit fedsparkAt, List<Fit> fedsparkRepeats) {

    /** The goal as the notes and the figure's name say it: the target, or MLlib's best. */
    String goalText() {
      return mllibReached ? percent(goal) : "MLlib's best " + percent4(goal);
    }

    /** The fedspark model whose scoring is measured: the one at the goal, else the last. */
    Fit fedsparkScored() {
      return fedsparkAt != null ? fedsparkAt : fedspark.get(fedspark.size() - 1);
    }

    /** The MLlib model whose scoring is measured: the last. */
    Fit mllibScored() {
      return mllib.get(mllib.size() - 1);
    }

    /** The figure: the median fit seconds of fedspark's repeats at the goal. */
    double fedsparkSeconds() {
      return median(fedsparkRepeats, Fit::seconds);
    }
  }

  /** MLlib's fits and why they stopped. */
  private record MllibFits(List<Fit> fits, String stop) {}

  private BenchReport measure(VectorFrames data, String command, Instant start, double loadStart, String master) {
    Comparison c = compare(data);
    // transform throughput: the chosen fedspark model and MLlib's last model, on the same test rows
    Sample[] scoring = scoring(data, c.fedsparkScored().model(), c.mllibScored().model());
    String mlBlas = dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getName();
    double loadEnd = MachineDescription.loadAverage();
    Map<String, String> notes = setupNotes(data, master, mlBlas);
    putOutcomeNotes(notes, c, data);
    notes.put("load", FederateBenchmark.loadNote(loadStart, loadEnd));
    List<BenchRecord> records = new ArrayList<>();
    if (c.fedsparkAt() != null) {
      records.add(fitRecord(c));
    }
    records.add(transformRecord(scoring));
    MachineDescription machine = MachineDescription.detect(MathRuntime.description());
    return new BenchReport("api", options.mode(), command, start, Instant.now(), machine,
        new SamplerOptions(Duration.ZERO, options.transformRepetitions(),
            Duration.ofMillis((long) (1000 * options.transformSeconds()))), notes, records);
  }

  /** Fits both libraries up to the target (or their budgets) and picks the fits compared. */
  private Comparison compare(VectorFrames data) {
    double target = options.targetAccuracy();
    List<Fit> nn = fedsparkFits(data, target);
    MllibFits ml = mllibFits(data, target);
    Fit mlReach = first(ml.fits(), target);
    double goal = mlReach != null ? target : best(ml.fits()).accuracy();
    Fit mlAt = mlReach != null ? mlReach : best(ml.fits());
    Fit nnFirst = first(nn, goal);
    return new Comparison(nn, ml.fits(), ml.stop(), mlReach != null, goal, mlAt, below(ml.fits(), mlAt), nnFirst,
        fedsparkRepeats(data, nnFirst));
  }

  /** fedspark: epochs 1, 2, ... until the target or maxEpochs. */
  private List<Fit> fedsparkFits(VectorFrames data, double target) {
    List<Fit> nn = new ArrayList<>();
    for (int e = 1; e <= options.maxEpochs(); e++) {
      Fit f = fedspark(data, e);
      nn.add(f);
      if (f.accuracy() >= target) {
        break;
      }
    }
    return nn;
  }

  /** MLlib: maxIter increasing until the target, the per-fit cap or the budget. */
  private MllibFits mllibFits(VectorFrames data, double target) {
    List<Fit> ml = new ArrayList<>();
    double mlTotal = 0;
    for (int iters : options.mllibMaxIters()) {
      if (!ml.isEmpty()) {
        Fit last = ml.get(ml.size() - 1);
        double predicted = last.seconds() / last.size() * iters;
        if (predicted > options.mllibCapSeconds() || mlTotal + predicted > options.mllibBudgetSeconds()) {
          return new MllibFits(ml, String.format(Locale.ROOT, "maxIter=%d not tried: predicted %.0f s of fit (%.1f s"
              + " per iteration in the last fit) against a cap of %.0f s per fit and %.0f s in all (%.0f s spent)", iters,
              predicted, last.seconds() / last.size(), options.mllibCapSeconds(), options.mllibBudgetSeconds(), mlTotal));
        }
      }
      Fit f = mllib(data, iters);
      ml.add(f);
      mlTotal += f.seconds();
      if (f.accuracy() >= target) {
        return new MllibFits(ml, "reached the target");
      }
      if (f.seconds() >= options.mllibCapSeconds()) {
        return new MllibFits(ml, String.format(Locale.ROOT, "the fit at maxIter=%d took %.0f s, at or above the cap of"
            + " %.0f s", iters, f.seconds(), options.mllibCapSeconds()));
      }
    }
    return new MllibFits(ml, "the maxIter list ended");
  }

  /** fedspark's fits at the goal: {@code first} and fitRepeats - 1 more of its epochs; none if null. */
  private List<Fit> fedsparkRepeats(VectorFrames data, Fit first) {
    List<Fit> repeats = new ArrayList<>();
    if (first != null) {
      repeats.add(first);
      for (int r = 1; r < options.fitRepeats(); r++) {
        repeats.add(fedspark(data, first.size()));
      }
    }
    return repeats;
  }

  /** The notes on how both libraries were set up and measured (and, in a quick run, that it claims nothing). */
  private Map<String, String> setupNotes(VectorFrames data, String master, String mlBlas) {
    String pct = percent(options.targetAccuracy());
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("configuration", String.format(Locale.ROOT, "%s through the data plane (%d training rows, %d test rows;"
        + " features an ML vector in [0, 1], label a double; both cached before any fit), %s, one SparkSession on %s,"
        + " seed %d; %s build", options.dataset(), data.trainRows(), data.testRows(), options.layers(), master,
        options.seed(), BuildInfo.sparkBuild()));
    notes.put("fedspark", String.format(Locale.ROOT, "NeuralNetClassifier model=%s (ReLU hidden layer, softmax"
        + " output), partitions=%d, local SGD, batchSize=%d per partition, localSteps=%d, SGD lr %s with Nesterov momentum"
        + " 0.9, constant schedule (the train defaults of bench train), exchange %s (the faster one),"
        + " math backend %s", options.modelSpec(), options.partitions(), options.batchSize(), options.localSteps(),
        options.learningRate(), EXCHANGE,
        MathRuntime.description()));
    notes.put("mllib", "MultilayerPerceptronClassifier layers=" + options.layers() + " (sigmoid hidden layer, softmax"
        + " output), solver l-bfgs (MLlib's default and best: gd, full-batch gradient descent with stepSize 0.03, needs"
        + " far more iterations), default tol 1e-6 and blockSize 128; BLAS " + mlBlas);
    notes.put("method", "fedspark: separate fits with epochs = 1, 2, ... (a constant schedule: a fit of k epochs is the"
        + " first k epochs of a longer one), each evaluated on the test rows (evaluation not timed); MLlib: separate"
        + " fits from scratch at maxIter " + options.mllibMaxIters() + " (same seed and data: each is a prefix of the"
        + " longer ones' L-BFGS trajectory; chaining initialWeights would restart L-BFGS without its curvature"
        + " history), stopping at the first reaching the target, or before a fit predicted to exceed "
        + options.mllibCapSeconds() + " s or to bring all MLlib fits above " + options.mllibBudgetSeconds() + " s; fit"
        + " seconds = wall time of fit(), which includes each library's own data preparation");
    if (!options.claim()) {
      notes.put("claim", options.mode() + " mode: budgets too small for MLlib to reach " + pct + "; the figures check"
          + " the harness and are NO claim about the time to " + pct + " (run bench api without --quick)");
    }
    return notes;
  }

  /** Appends the notes on what the fits reached and what was scored. */
  private void putOutcomeNotes(Map<String, String> notes, Comparison c, VectorFrames data) {
    String pct = percent(options.targetAccuracy());
    Fit mlAt = c.mllibAt();
    Fit mlBelow = c.mllibBelow();
    Fit nnFirst = c.fedsparkAt();
    notes.put("fedspark fits", describe(c.fedspark(), "epochs"));
    notes.put("mllib fits", describe(c.mllib(), "maxIter") + "; stopped: " + c.mllibStop());
    if (!c.mllibReached()) {
      notes.put("mllib to " + pct, String.format(Locale.ROOT, "NOT REACHED by the fits at maxIter %s (cap %.0f s per"
          + " fit, %.0f s in all): best test accuracy %s at maxIter %d (%.1f s of fit); the time ratio compares the fit"
          + " times to that accuracy instead", c.mllib().stream().map(Fit::size).toList(), options.mllibCapSeconds(),
          options.mllibBudgetSeconds(), percent4(c.goal()), mlAt.size(), mlAt.seconds()));
    } else {
      notes.put("mllib to " + pct, String.format(Locale.ROOT, "%.1f s of fit at maxIter %d (test accuracy %s)%s",
          mlAt.seconds(), mlAt.size(), percent4(mlAt.accuracy()), mlBelow == null ? "; no smaller maxIter was tried"
              : String.format(Locale.ROOT, "; maxIter %d (%.1f s) reached %s, so the crossing lies between",
                  mlBelow.size(), mlBelow.seconds(), percent4(mlBelow.accuracy()))));
    }
    notes.put("fedspark to " + c.goalText(), nnFirst == null ? String.format(Locale.ROOT, "NOT REACHED within %d epochs"
        + " (best test accuracy %s)", options.maxEpochs(), percent4(best(c.fedspark()).accuracy()))
        : String.format(Locale.ROOT, "median %.2f s of fit over %d fits at epochs=%d (%s); test accuracy %s",
            c.fedsparkSeconds(), c.fedsparkRepeats().size(), nnFirst.size(), secondsList(c.fedsparkRepeats()),
            percent4(nnFirst.accuracy())));
    notes.put("transform", String.format(Locale.ROOT, "model.transform(test) with rawPrediction, probability and"
        + " prediction written to Spark's noop sink (every output column computed), over the same %d test rows in 2"
        + " partitions, repeated for at least %s s per repetition, %d repetitions interleaved after one warm-up each;"
        + " fedspark's model of epochs=%d, MLlib's of maxIter=%d", data.testRows(), options.transformSeconds(),
        options.transformRepetitions(), c.fedsparkScored().size(), c.mllibScored().size()));
  }

  /** The fit-time figure: MLlib's fit seconds at the goal against the median of fedspark's (needs fedsparkAt). */
  private BenchRecord fitRecord(Comparison c) {
    Fit nnFirst = c.fedsparkAt();
    Fit mlAt = c.mllibAt();
    Fit mlBelow = c.mllibBelow();
    List<Fit> nnRepeats = c.fedsparkRepeats();
    double ns = c.fedsparkSeconds();
    double nc = median(nnRepeats, Fit::cpuSeconds);
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("targetAccuracy", c.goal());
    d.put("fedsparkSeconds", ns);
    d.put("fedsparkEpochs", (double) nnFirst.size());
    d.put("fedsparkAccuracy", nnFirst.accuracy());
    d.put("fedsparkCpuSeconds", nc);
    d.put("mllibSeconds", mlAt.seconds());
    d.put("mllibMaxIter", (double) mlAt.size());
    d.put("mllibAccuracy", mlAt.accuracy());
    d.put("mllibCpuSeconds", mlAt.cpuSeconds());
    if (mlBelow != null) {
      d.put("mllibBelowMaxIter", (double) mlBelow.size());
      d.put("mllibBelowSeconds", mlBelow.seconds());
      d.put("mllibBelowAccuracy", mlBelow.accuracy());
      d.put("ratioLowerBound", mlBelow.seconds() / ns);
    }
    d.put("cpuSecondsRatio", mlAt.cpuSeconds() / nc);
    double nnMin = nnRepeats.stream().mapToDouble(Fit::seconds).min().orElseThrow();
    double nnMax = nnRepeats.stream().mapToDouble(Fit::seconds).max().orElseThrow();
    Sample nnSample = new Sample(1 / ns, 1 / nnMax, 1 / nnMin, nnRepeats.size(), nc / ns, Double.NaN, Double.NaN);
    return new BenchRecord("fit time to " + c.goalText() + ": NeuralNetClassifier (1/s)", 1 / ns, "1/s",
        "MLlib MultilayerPerceptronClassifier l-bfgs", 1 / mlAt.seconds(), mlAt.seconds() / ns,
        options.claim() && c.mllibReached() ? 50.0 : null, nnSample, null, d, null);
  }

  /** The scoring figure: fedspark's transform rows/s against MLlib's ({@code scoring}: fedspark, MLlib). */
  private BenchRecord transformRecord(Sample[] scoring) {
    double nnCpuRate = scoring[0].median() / scoring[0].cpuPerWall();
    double mlCpuRate = scoring[1].median() / scoring[1].cpuPerWall();
    Map<String, Double> t = new LinkedHashMap<>();
    t.put("fedsparkRowsPerProcessCpuSecond", nnCpuRate);
    t.put("mllibRowsPerProcessCpuSecond", mlCpuRate);
    t.put("cpuRowsRatio", nnCpuRate / mlCpuRate);
    return new BenchRecord("transform rows/s: NeuralNetClassificationModel", scoring[0].median(), "rows/s",
        "MLlib MultilayerPerceptronClassificationModel", scoring[1].median(), scoring[0].median() / scoring[1].median(),
        options.claim() ? 3.0 : null, scoring[0], scoring[1], t, null);
  }

  /** fedspark's {@code train.exchange} in this benchmark: the faster of the two (docs/benchmarks.md, bench train). */
  static final String EXCHANGE = "barrier";

  /** A fedspark fit of {@code epochs} epochs, timed, then evaluated. */
  private Fit fedspark(VectorFrames data, int epochs) {
    NeuralNetClassifier est = new NeuralNetClassifier().setModel(options.modelSpec()).setEpochs(epochs)
        .setPartitions(options.partitions()).setBatchSize(options.batchSize()).setLocalSteps(options.localSteps())
        .setOptimizerKind("sgd").setOptimizerLearningRate(options.learningRate()).setMode("local-sgd").setExchange(EXCHANGE)
        .setSeed(options.seed());
    return timed("fedspark epochs=" + epochs, epochs, data, () -> est.fit(data.train()));
  }

  /** An MLlib L-BFGS fit of at most {@code maxIter} iterations, timed, then evaluated. */
  private Fit mllib(VectorFrames data, int maxIter) {
    MultilayerPerceptronClassifier est = new MultilayerPerceptronClassifier().setLayers(options.layerArray())
        .setSolver("l-bfgs").setMaxIter(maxIter).setSeed(options.seed());
    return timed("MLlib maxIter=" + maxIter, maxIter, data, () -> {
      MultilayerPerceptronClassificationModel m = est.fit(data.train());
      progress.printf(Locale.ROOT, "[bench api]   MLlib ran %d iterations%n", m.summary().totalIterations());
      return m;
    });
  }

  private Fit timed(String what, int size, VectorFrames data, Supplier<Transformer> fit) {
    double load = MachineDescription.loadAverage();
    long c0 = processCpu();
    long t0 = System.nanoTime();
    Transformer model = fit.get();
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpu = (processCpu() - c0) / 1e9;
    double acc = accuracy.evaluate(model.transform(data.test()));
    progress.printf(Locale.ROOT, "[bench api] %s: fit %.2f s (process CPU %.1f s, load %.1f), test accuracy %s%n", what,
        seconds, cpu, load, percent4(acc));
    return new Fit(size, seconds, cpu, acc, model);
  }

  /** Rows/s of both models' scoring: a warm-up each, then interleaved repetitions. */
  private Sample[] scoring(VectorFrames data, Transformer first, Transformer second) {
    Transformer[] models = {first, second};
    int reps = options.transformRepetitions();
    double[][] rates = new double[2][reps];
    double[][] cpuPerWall = new double[2][reps];
    for (int m = 0; m < 2; m++) {
      score(data, models[m], Math.min(1.0, options.transformSeconds()));
    }
    for (int r = 0; r < reps; r++) {
      for (int m = 0; m < 2; m++) {
        double[] s = score(data, models[m], options.transformSeconds());
        rates[m][r] = s[0];
        cpuPerWall[m][r] = s[1];
        progress.printf(Locale.ROOT, "[bench api] transform %s: %.0f rows/s (process CPU/wall %.2f)%n",
            m == 0 ? "fedspark" : "MLlib", s[0], s[1]);
      }
    }
    double[] nan = new double[reps];
    Arrays.fill(nan, Double.NaN);
    return new Sample[] {Sample.of(rates[0], cpuPerWall[0], nan), Sample.of(rates[1], cpuPerWall[1], nan)};
  }

  /** Scores the test rows until {@code seconds} have passed: rows/s and process CPU per wall second. */
  private static double[] score(VectorFrames data, Transformer model, double seconds) {
    Dataset<Row> scored = model.transform(data.test()).select("rawPrediction", "probability", "prediction");
    long budget = (long) (seconds * 1e9);
    long rows = 0;
    long c0 = processCpu();
    long t0 = System.nanoTime();
    do {
      scored.write().format("noop").mode("overwrite").save();
      rows += data.testRows();
    } while (System.nanoTime() - t0 < budget);
    double wall = (System.nanoTime() - t0) / 1e9;
    return new double[] {rows / wall, (processCpu() - c0) / 1e9 / wall};
  }

  private static long processCpu() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b
        ? b.getProcessCpuTime() : 0;
  }

  /** The first fit reaching {@code accuracy}, null if none. */
  private static Fit first(List<Fit> fits, double accuracy) {
    return fits.stream().filter(f -> f.accuracy() >= accuracy).findFirst().orElse(null);
  }

  /** The most accurate fit (the smallest size on ties). */
  private static Fit best(List<Fit> fits) {
    Fit b = fits.get(0);
    for (Fit f : fits) {
      if (f.accuracy() > b.accuracy()) {
        b = f;
      }
    }
    return b;
  }

  /** The fit before {@code f} in {@code fits}, null if {@code f} is the first. */
  private static Fit below(List<Fit> fits, Fit f) {
    int i = fits.indexOf(f);
    return i > 0 ? fits.get(i - 1) : null;
  }

  private static double median(List<Fit> fits, java.util.function.ToDoubleFunction<Fit> value) {
    return Sample.median(fits.stream().mapToDouble(value).toArray());
  }

  private static String describe(List<Fit> fits, String size) {
    return fits.stream().map(f -> String.format(Locale.ROOT, "%s=%d: %s in %.2f s (CPU %.1f s)", size, f.size(),
        percent4(f.accuracy()), f.seconds(), f.cpuSeconds())).collect(Collectors.joining("; "));
  }

  private static String secondsList(List<Fit> fits) {
    return fits.stream().map(f -> String.format(Locale.ROOT, "%.2f", f.seconds())).collect(Collectors.joining(", "))
        + " s";
  }

  private static String percent(double a) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * a);
  }

  private static String percent4(double a) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * a);
  }

  /** The printed table: the report's table plus what each ratio means. */
  static String table(BenchReport report) {
    return report.table() + "time ratio = MLlib fit seconds / fedspark fit seconds to the same test accuracy (target"
        + " >= 50); transform ratio = fedspark rows/s / MLlib rows/s (target >= 3)\n";
  }
}
