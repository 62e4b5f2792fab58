package io.fedspark.jobs.distill;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.jobs.Job;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.distillation.DistilledSet;
import io.fedspark.federated.distillation.EvaluationOptions;
import io.fedspark.federated.distillation.KrrStOptions;
import io.fedspark.federated.distillation.TargetEncoder;
import io.fedspark.federated.distillation.TargetEncoderTrainer;
import io.fedspark.federated.distillation.TargetTask;
import io.fedspark.jobs.BroadcastReduce;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.TaskProgress;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.data.DataPlane;
import io.fedspark.jobs.data.DatasetName;
import io.fedspark.jobs.data.ModelInput;
import io.fedspark.jobs.data.StagedTable;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.jobs.kryo.JavaBytes;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.jobs.report.LinePlot;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code fedspark distill}: self-supervised dataset distillation with kernel ridge regression,
 * KRR-ST (Lee, Lee and Hwang, "Self-Supervised Dataset Distillation for Transfer Learning", ICLR
 * 2024; docs/algorithms.md, KRR-ST), then the transfer evaluation against baselines of the same
 * size. Steps:
 * <ol>
 *   <li>options validated ({@link DistillOptions}); the source and target-task tables (any table of
 *       the data plane, or a bundled dataset) validated against the pool model and staged by the
 *       executors ({@link StagedTable}, {@link DistillData}): every task below reads them on its
 *       executor, no broadcast or closure carries data;</li>
 *   <li>the frozen target representation {@code phi} trained in one Spark task
 *       ({@link TargetEncoderTrainer}, Barlow Twins or supervised);</li>
 *   <li>one distillation per (m, seed): with {@code parallelism = runs} each is one Spark task;
 *       with {@code real-batch} they run one after another on the driver (which holds the m
 *       synthetic examples only) and each outer step's real batch is computed on executors over
 *       cached chunks of the staged source ({@link SparkRealBatch}).
 *       Both reduce the real batch per fixed chunk ({@link ChunkedRealBatch}), so the sets are
 *       bit-identical to an in-process run;</li>
 *   <li>the evaluation grid (distilled sets and baselines) as one Spark task per candidate
 *       ({@link EvaluationCells});</li>
 *   <li>outputs written atomically: per run the inputs (IDX, NPY), targets (NPY), a PNG grid and
 *       the loss curve; the loss curves of all runs (CSV, PNG), the evaluation table (markdown,
 *       CSV, Parquet) and provenance.json (docs/distillation.md).</li>
 * </ol>
 * Seeds: phi from {@code root(run.seed).derive("phi")}, run (m, s) from
 * {@code derive("distill", m, s)}, task t's labelled subset from {@code derive("task", t)}, the
 * evaluation from {@code derive("evaluation")}.
 */
public final class DistillJob implements Job {
  @Override
  public void validate(ConfigView config) {
    DistillOptions.from(config);
  }

  /** Outcome of a run, in run order. */
  public record Result(RunDirectory runDir, DistillOptions options, TargetEncoder phi, DistillData data,
      List<DistillResult> runs, List<EvaluationRecord> evaluation) implements io.fedspark.jobs.JobOutcome {}

  @Override
  public Result run(JobContext ctx) {
    DistillOptions opts = DistillOptions.from(ctx.config());
    JobRun job = JobRun.start(ctx, null);
    SeedSequence root = SeedSequence.root(job.run().seed());
    long t0 = System.nanoTime();
    Map<DatasetName, TrainingTable> tables = new EnumMap<>(DatasetName.class);
    TrainingTable sourceTable = table(job, opts, opts.dataset(), DistillOptions.DATASET.key(), tables);
    int sourceSize = (int) (opts.sourceLimit() > 0 && opts.sourceLimit() < sourceTable.trainRows()
        ? opts.sourceLimit() : sourceTable.trainRows());
    int[] image = imageShape(opts, sourceTable.shape(), sourceTable.featureCount());
    DistillOptions o = forSource(opts, sourceSize, image);
    DistillData data = data(job, o, tables, root); // every table checked before anything is written
    TargetEncoder phi = trainPhi(job, o, data, root);
    long td = System.nanoTime();
    List<DistillResult> runs = distill(job.jsc(), o, cells(o, root), phi, data, job.math());
    double distillSeconds = (System.nanoTime() - td) / 1e9;
    System.out.printf(Locale.ROOT, "[distill] %d distillation runs (%s) in %.1f s%n", runs.size(),
        o.parallelism().name().toLowerCase(Locale.ROOT).replace('_', '-'), distillSeconds);
    List<EvaluationRecord> evaluation = List.of();
    long te = System.nanoTime();
    if (o.evaluate()) {
      evaluation = evaluate(job.jsc(), o, runs, phi, data, job.math(), root.derive("evaluation").seed());
      System.out.printf(Locale.ROOT, "[distill] evaluation grid of %d rows in %.1f s%n", evaluation.size(),
          (System.nanoTime() - te) / 1e9);
    }
    double evalSeconds = o.evaluate() ? (System.nanoTime() - te) / 1e9 : 0;
    writeOutputs(job, o, runs, evaluation, List.of(data.taskNames()), image);
    Provenance prov = job.provenance();
    prov.result("phi", phi.toString()).result("phiTrainingLosses", phi.trainingLosses())
        .result("parallelism", o.parallelism().name()).result("distillSeconds", distillSeconds)
        .result("evaluationSeconds", evalSeconds).result("totalSeconds", (System.nanoTime() - t0) / 1e9);
    runResults(prov, runs);
    probeResults(prov, evaluation);
    prov.writeTo(job.runDir());
    System.out.println("[distill] results in " + job.runDir());
    return new Result(job.runDir(), o, phi, data, runs, evaluation);
  }

  /**
   * The validated table {@code name} names (configured under {@code key}), loaded once per run and
   * checked against the pool model's input.
   */
  private static TrainingTable table(JobRun job, DistillOptions o, DatasetName name, String key,
      Map<DatasetName, TrainingTable> tables) {
    return tables.computeIfAbsent(name, n -> DataPlane.load(job, n, key,
        ModelInput.features(DistillOptions.POOL_MODEL.key(), o.krrSt().poolSpec()), false));
  }

  /** {height, width} of the source's examples, which must be single-channel images. */
  private static int[] imageShape(DistillOptions opts, int[] shape, int features) {
    int side = (int) Math.round(Math.sqrt(features));
    int height = shape.length >= 2 ? shape[shape.length - 2] : side;
    int width = shape.length >= 2 ? shape[shape.length - 1] : side;
    if (height * width != features) {
      throw new InvalidConfigException("distill.dataset = " + opts.dataset().configName() + ": examples of shape "
          + Arrays.toString(shape) + " are not single-channel images, which KRR-ST's augmentations expect");
    }
    return new int[] {height, width};
  }

  /** The options with augmentations sized for the source's images, its sizes checked against the source. */
  private static DistillOptions forSource(DistillOptions opts, int sourceSize, int[] image) {
    DistillOptions o;
    try {
      o = opts.forImages(image[0], image[1]);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("distill.augmentation / distill.target.augmentation on the " + image[0] + " x "
          + image[1] + " images of " + opts.dataset().configName() + ": " + e.getMessage());
    }
    for (int m : o.sizes()) {
      if (m > sourceSize) {
        throw InvalidConfigException.of(DistillOptions.SIZES.key(), o.sizes(), "sizes m of at most the "
            + sourceSize + " source examples", null);
      }
    }
    return o;
  }

  /**
   * The source and the target tasks' tables: all validated first, then each dataset staged once
   * (the source is {@code tables}' first entry).
   */
  private static DistillData data(JobRun job, DistillOptions o, Map<DatasetName, TrainingTable> loaded,
      SeedSequence root) {
    List<DistillOptions.TaskSpec> specs = o.evaluate() ? o.tasks() : List.of();
    DatasetName[] names0 = new DatasetName[specs.size()];
    String[] names = new String[specs.size()];
    double[] fractions = new double[specs.size()];
    long[] seeds = new long[specs.size()];
    for (int t = 0; t < specs.size(); t++) {
      DistillOptions.TaskSpec spec = specs.get(t);
      try {
        table(job, o, spec.dataset(), DistillOptions.TASKS.key(), loaded);
        names0[t] = spec.dataset();
      } catch (InvalidConfigException e) {
        throw InvalidConfigException.of(DistillOptions.TASKS.key(), spec.dataset().configName() + ":" + spec.fraction(),
            "tasks on data the pool model " + o.krrSt().poolSpec() + " reads (" + e.getMessage() + ")", null);
      }
      names[t] = spec.name();
      fractions[t] = spec.fraction();
      seeds[t] = root.derive("task", t).seed();
    }
    Map<DatasetName, StagedTable> staged = new EnumMap<>(DatasetName.class);
    loaded.forEach((name, table) -> staged.put(name, StagedTable.stage(job, table, name.configName())));
    StagedTable[] tables = new StagedTable[specs.size()];
    for (int t = 0; t < specs.size(); t++) {
      tables[t] = staged.get(names0[t]);
    }
    return new DistillData(staged.get(o.dataset()), o.sourceLimit(), tables, names, fractions, seeds, o.testLimit());
  }

  /**
   * phi, trained from {@code root.derive("phi")} in one Spark task that reads the staged source on
   * its executor (progress lines in that executor's log; in local mode, on the console).
   */
  private static TargetEncoder trainPhi(JobRun job, DistillOptions o, DistillData data, SeedSequence root) {
    long tp = System.nanoTime();
    int examples = o.targetLimit() > 0 && o.targetLimit() < data.sourceSize() ? o.targetLimit() : data.sourceSize();
    System.out.printf(Locale.ROOT, "[distill] training phi (%s, r = %d) on %d examples for %d epochs%n",
        o.target().kind(), o.target().dimension(), examples, o.target().epochs());
    var target = o.target();
    long seed = root.derive("phi").seed();
    String backend = job.math().backend().name();
    int threads = job.math().blasThreads();
    job.jsc().setJobGroup("distill-phi", "fedspark distill: training phi", false);
    byte[] bytes;
    try {
      bytes = job.jsc().parallelize(List.of(0), 1).map(i -> {
        MathRuntime.configure(MathBackend.valueOf(backend), threads);
        LabeledDataset source = data.sourceDataset();
        LabeledDataset phiData = examples < source.size() ? source.head(examples) : source;
        long start = System.nanoTime();
        return JavaBytes.of(TargetEncoderTrainer.train(phiData, target, seed, (epoch, epochs, loss) -> {
          double elapsed = (System.nanoTime() - start) / 1e9;
          long eta = Math.round(elapsed / epoch * (epochs - epoch));
          System.out.printf(Locale.ROOT, "[distill] phi epoch %d/%d: loss %.4f, %.1f s, ETA %dm%02ds%n", epoch, epochs,
              loss, elapsed, eta / 60, eta % 60);
        }));
      }).collect().get(0);
    } finally {
      job.jsc().clearJobGroup();
    }
    TargetEncoder phi = JavaBytes.read(bytes, TargetEncoder.class);
    double[] losses = phi.trainingLosses();
    System.out.printf(Locale.ROOT, "[distill] phi trained in %.1f s; loss per epoch %.4f -> %.4f%n",
        (System.nanoTime() - tp) / 1e9, losses[0], losses[losses.length - 1]);
    return phi;
  }

  /** One distillation per (m, seed), seeded by {@code root.derive("distill", m, seed)}. */
  private static List<DistillCell> cells(DistillOptions o, SeedSequence root) {
    List<DistillCell> cells = new ArrayList<>();
    for (int m : o.sizes()) {
      for (long s : o.seeds()) {
        cells.add(new DistillCell(cells.size(), m, s, root.derive("distill", m, s).seed()));
      }
    }
    return cells;
  }

  private static void writeOutputs(JobRun job, DistillOptions o, List<DistillResult> runs,
      List<EvaluationRecord> evaluation, List<String> tasks, int[] image) {
    RunDirectory runDir = job.runDir();
    DistillOutputs.write(runDir, runs, image[0], image[1]);
    DistillOutputs.writeLossCurves(runDir, runs);
    if (o.evaluate()) {
      String heading = String.format(Locale.ROOT, "# KRR-ST evaluation: %s, phi %s (r = %d), %d outer steps,"
          + " %d repeats%n", o.dataset().configName(), o.target().kind(), o.target().dimension(),
          o.krrSt().outerSteps(), o.evaluation().repeats());
      EvaluationTable.write(job, evaluation, heading);
      System.out.print(EvaluationTable.markdown(evaluation, heading));
    }
  }

  /** Per run its outer loss at the start and the end; their mean end loss as {@code finalOuterLoss}. */
  private static void runResults(Provenance prov, List<DistillResult> runs) {
    double finalLossSum = 0;
    for (DistillResult r : runs) {
      int k = Math.max(1, r.set().lossCurve().length / 10);
      double finalLoss = r.set().meanLoss(false, k);
      finalLossSum += finalLoss;
      prov.result("run " + r.cell().directory(), String.format(Locale.ROOT,
          "outer loss %.6f (first %d steps) -> %.6f (last %d), %.1f s", r.set().meanLoss(true, k), k, finalLoss, k,
          r.seconds()));
    }
    prov.result("finalOuterLoss", finalLossSum / runs.size());
  }

  /**
   * The accuracies a sweep tracks (provenance results; with {@code finalOuterLoss}, the mean over
   * runs of the outer loss over the last tenth of the steps): with the evaluation on, the
   * linear-probe test accuracy on the first task averaged over sizes, seeds and repeats, of the
   * distilled sets ({@code distilledProbeAccuracy}), of the random real subsets of the same
   * sizes ({@code randomSubsetProbeAccuracy}), and of the controls, pretraining on the full data
   * ({@code fullDataProbeAccuracy}) and phi itself ({@code targetProbeAccuracy}).
   */
  private static void probeResults(Provenance prov, List<EvaluationRecord> evaluation) {
    if (evaluation.isEmpty()) {
      return;
    }
    String task = evaluation.get(0).task();
    String[][] tracked = {{"krr-st", "distilledProbeAccuracy"}, {"random-subset", "randomSubsetProbeAccuracy"},
        {"full-data", "fullDataProbeAccuracy"}, {"target-probe", "targetProbeAccuracy"}};
    for (String[] c : tracked) {
      double[] means = evaluation.stream().filter(e -> e.candidate().equals(c[0]) && e.task().equals(task)
          && e.protocol().equals("linear-probe")).mapToDouble(EvaluationRecord::mean).toArray();
      if (means.length > 0) {
        prov.result(c[1], Arrays.stream(means).average().orElseThrow());
      }
    }
  }

  private static List<DistillResult> distill(JavaSparkContext jsc, DistillOptions o, List<DistillCell> cells,
      TargetEncoder phi, DistillData data, MathOptions math) {
    KrrStOptions base = o.krrSt();
    int chunk = o.chunkSize();
    int lines = o.progressLines();
    if (o.parallelism() == DistillOptions.Parallelism.REAL_BATCH) {
      List<DistillResult> out = new ArrayList<>();
      try (SparkRealBatch pass = new SparkRealBatch(jsc, data, phi, chunk, o.dataPartitions(), math.backend(),
          math.blasThreads())) {
        for (DistillCell c : cells) {
          jsc.setJobGroup("distill-real-batch", "fedspark distill: real batches of " + c.directory(), false);
          out.add(pass.distill(c, base.withSyntheticSize(c.m()), phi, c.runSeed(), progress(c, base, lines)));
        }
      } finally {
        jsc.clearJobGroup();
      }
      return out;
    }
    String backend = math.backend().name();
    int threads = math.blasThreads();
    int slices = o.gridPartitions() == 0 ? cells.size() : o.gridPartitions();
    return TaskProgress.run(jsc, "distill-runs", "fedspark distill: " + cells.size() + " distillation runs",
        "[distill] runs", () -> BroadcastReduce.map(jsc, cells, slices, data, (c, d) -> {
          MathRuntime.configure(MathBackend.valueOf(backend), threads);
          long t = System.nanoTime();
          LabeledDataset source = d.sourceDataset();
          DistilledSet set = ChunkedRealBatch.distill(base.withSyntheticSize(c.m()), phi, source, c.runSeed(), chunk,
              progress(c, base, lines));
          return new DistillResult(c, set, (System.nanoTime() - t) / 1e9, DistillResult.initialLabels(set, source));
        }));
  }

  private static OuterProgress progress(DistillCell c, KrrStOptions base, int lines) {
    return new OuterProgress("m=" + c.m() + " seed=" + c.seed(), base.outerSteps(), lines);
  }

  /**
   * The evaluation cells: per m, the distilled set of every seed, then each per-size baseline of
   * that m; then the baselines evaluated once (no-pretraining, full-data, target-probe: m = 0), in
   * the order of the options.
   */
  static List<EvaluationCell> evaluationCells(DistillOptions o, List<DistillResult> runs) {
    List<EvaluationCell> cells = new ArrayList<>();
    for (int m : o.sizes()) {
      for (int r = 0; r < runs.size(); r++) {
        if (runs.get(r).cell().m() == m) {
          cells.add(new EvaluationCell(cells.size(), m, runs.get(r).cell().seed(), "krr-st", r));
        }
      }
      for (DistillOptions.Baseline b : o.baselines()) {
        if (b.perSize()) {
          cells.add(new EvaluationCell(cells.size(), m, -1, b.configName(), -1));
        }
      }
    }
    for (DistillOptions.Baseline b : o.baselines()) {
      if (!b.perSize()) {
        cells.add(new EvaluationCell(cells.size(), 0, -1, b.configName(), -1));
      }
    }
    return cells;
  }

  private static List<EvaluationRecord> evaluate(JavaSparkContext jsc, DistillOptions o, List<DistillResult> runs,
      TargetEncoder phi, DistillData data, MathOptions math, long seed) {
    List<EvaluationCell> cells = evaluationCells(o, runs);
    EvaluationInputs inputs = new EvaluationInputs(data, runs.stream().map(DistillResult::set).toArray(DistilledSet[]::new));
    EvaluationOptions eo = o.evaluation();
    int iterations = o.kmeansIterations();
    String backend = math.backend().name();
    int threads = math.blasThreads();
    int slices = o.gridPartitions() == 0 ? cells.size() : o.gridPartitions();
    List<List<EvaluationRecord>> perCell = TaskProgress.run(jsc, "distill-evaluation", "fedspark distill: "
        + cells.size() + " evaluation cells", "[distill] evaluation", () -> BroadcastReduce.map(jsc, cells, slices,
            inputs, (c, in) -> {
              MathRuntime.configure(MathBackend.valueOf(backend), threads);
              long t = System.nanoTime();
              List<EvaluationRecord> r = EvaluationCells.run(c, in.data(), List.of(in.sets()), phi, eo, iterations,
                  seed);
              System.out.printf(Locale.ROOT, "[distill] evaluated %s (m = %d) in %.1f s%n", c.candidate(), c.m(),
                  (System.nanoTime() - t) / 1e9);
              return new ArrayList<>(r); // an ArrayList travels through Kryo
            }));
    List<EvaluationRecord> rows = new ArrayList<>();
    perCell.forEach(rows::addAll);
    rows.sort(Comparator.comparingInt(EvaluationRecord::cell));
    return rows;
  }

  /** What every evaluation task reads: where the data is, and the distilled sets. */
  record EvaluationInputs(DistillData data, DistilledSet[] sets) implements java.io.Serializable {}
}
