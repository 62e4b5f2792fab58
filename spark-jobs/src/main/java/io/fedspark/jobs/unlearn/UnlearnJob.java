package io.fedspark.jobs.unlearn;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.jobs.Job;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.unlearning.ForgetKind;
import io.fedspark.federated.unlearning.ForgetSetSearchResult;
import io.fedspark.federated.unlearning.ForgetSets;
import io.fedspark.federated.unlearning.SearchMode;
import io.fedspark.federated.unlearning.Retrain;
import io.fedspark.federated.unlearning.SgdTrainer;
import io.fedspark.federated.unlearning.UnlearningMethodKind;
import io.fedspark.federated.unlearning.UnlearningMetrics;
import io.fedspark.federated.unlearning.UnlearningScores;
import io.fedspark.federated.unlearning.WorstCaseForgetSetSearch;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.TaskProgress;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.config.RunOptions;
import io.fedspark.jobs.data.TrainTest;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.math.nn.Model;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * {@code fedspark unlearn}: the unlearning audit of Fan et al., "Challenging Forgets: Unveiling
 * the Worst-Case Forget Sets in Machine Unlearning" (ECCV 2024). Trains the original model on the
 * driver, builds the forget sets of every (kind, ratio, seed) (random; worst-case and easiest by
 * {@link WorstCaseForgetSetSearch} with its per-example loss pass on executors, {@link SparkLossPass}),
 * then runs the grid method x kind x ratio x seed as one Spark task per cell with the original
 * model and data broadcast ({@link UnlearnCells}), and writes results (CSV, JSON, Parquet), a
 * summary with mean +- std and the gap to Retrain, a chart, the forget indices and provenance.
 * With {@code unlearn.forget-set} the sets come from a saved {@link ForgetSetFile} (checked
 * against this run before the original model is trained) and no search runs.
 *
 * <p>Seeds: forget sets from {@code run.seed} derived by ("forget-random" | "forget-search",
 * ratio index, seed); each cell's experiment seed from ("experiment", ratio index, seed), the same
 * for every method and kind of one (ratio, seed) so methods are compared on equal terms.
 */
public final class UnlearnJob implements Job {
  @Override
  public void validate(ConfigView config) {
    if (config.get(UnlearnOptions.SETTING) == UnlearnSetting.FEDERATED) {
      ClientAuditOptions.from(config);
    } else {
      UnlearnOptions.from(config);
    }
  }

  /** Outcome of a run: rows in grid order, gap to Retrain filled in. */
  public record Result(RunDirectory runDir, List<UnlearnRow> rows, List<UnlearnCell> cells, UnlearnBroadcast data) implements io.fedspark.jobs.JobOutcome {}

  /**
   * Runs the audit; with {@code unlearn.setting = federated} it is {@link ClientAuditJob}'s (the
   * result then has no centralized cells or broadcast).
   */
  @Override
  public Result run(JobContext ctx) {
    JobConfig cfg = ctx.config();
    if (cfg.get(UnlearnOptions.SETTING) == UnlearnSetting.FEDERATED) {
      if (!cfg.get(UnlearnOptions.FORGET_SET).isBlank()) {
        throw InvalidConfigException.of(ForgetSetFile.KEY, cfg.get(UnlearnOptions.FORGET_SET),
            "\"\" with unlearn.setting = federated (saved sets are centralized forget sets)", cfg.origin(ForgetSetFile.KEY));
      }
      ClientAuditJob.Result r = new ClientAuditJob().run(ctx);
      return new Result(r.runDir(), r.rows(), List.of(), null);
    }
    UnlearnOptions opts = UnlearnOptions.from(cfg);
    JobRun job = JobRun.start(ctx, null);
    RunOptions run = job.run();
    MathOptions math = job.math();
    SparkSession spark = job.spark();
    JavaSparkContext jsc = job.jsc();
    HadoopFiles files = job.files();
    RunDirectory runDir = job.runDir();
    Provenance prov = job.provenance();

    TrainTest tt = job.load(opts.dataset(), "unlearn.model", opts.model());
    LabeledDataset train = tt.train();
    LabeledDataset test = tt.test();
    SeedSequence root = SeedSequence.root(run.seed());
    ForgetSetFile.Origin origin = new ForgetSetFile.Origin(opts.dataset().configName(), train.size(), run.seed(),
        ForgetSetFile.fingerprint(cfg));
    prov.result("forgetSetFingerprint", origin.fingerprint());
    ForgetSetFile given = null;
    if (!opts.forgetSet().isEmpty()) {
      given = ForgetSetFile.read(files, opts.forgetSet());
      given.check(origin, opts);
      System.out.println("[unlearn] forget sets from " + ForgetSetFile.KEY + " = " + opts.forgetSet() + " (no search)");
      prov.result("forgetSetSource", opts.forgetSet());
    }

    long t0 = System.nanoTime();
    float[] original = SgdTrainer.trainFromScratch(opts.model(), train, opts.original(), root.derive("original"));
    Model om = Model.fromParameters(opts.model(), original);
    double origTrain = UnlearningMetrics.accuracy(om, train);
    double origTest = UnlearningMetrics.accuracy(om, test);
    System.out.printf(Locale.ROOT, "[unlearn] original model %s: train accuracy %.2f%%, test %.2f%% (%.1f s)%n",
        opts.model(), 100 * origTrain, 100 * origTest, (System.nanoTime() - t0) / 1e9);
    prov.result("originalTrainAccuracy", origTrain).result("originalTestAccuracy", origTest);

    List<UnlearnCell> cells = cells(jsc, opts, train, original, root, math, runDir, origin, given);
    UnlearnBroadcast data = UnlearnBroadcast.of(opts, train, test, original, math.backend().name(), math.blasThreads());

    long tg = System.nanoTime();
    List<UnlearnRow> rows;
    Broadcast<UnlearnBroadcast> bc = jsc.broadcast(data);
    try {
      int slices = opts.gridPartitions() == 0 ? cells.size() : Math.min(opts.gridPartitions(), cells.size());
      rows = new ArrayList<>(TaskProgress.run(jsc, "unlearn-grid", "fedspark unlearn: " + cells.size() + " grid cells",
          "[unlearn] grid", () -> jsc.parallelize(cells, slices).map(cell -> UnlearnCells.run(cell, bc.value()))
              .collect()));
    } finally {
      jsc.clearJobGroup();
      bc.destroy();
    }
    rows.sort(Comparator.comparingInt(UnlearnRow::index));
    rows = withGaps(rows);
    System.out.printf(Locale.ROOT, "[unlearn] %d grid cells in %.1f s%n", rows.size(), (System.nanoTime() - tg) / 1e9);

    UnlearnReport.write(spark, runDir, rows, UnlearnReport.Layout.of(opts));
    prov.result("cells", rows.size()).result("methodSettings", opts.methodSettings().toString()).result("methodIds", idNames(UnlearningMethodKind.values()))
        .result("forgetKindIds", idNames(ForgetKind.values()))
        .result("miaAttacker", rows.isEmpty() ? "" : rows.get(0).miaAttacker());
    prov.writeTo(runDir);
    System.out.println("[unlearn] results in " + runDir);
    return new Result(runDir, rows, cells, data);
  }

  /**
   * The forget sets of every (kind, ratio, seed), built or taken from {@code given} (checked), then
   * the grid cells; writes indices.csv.
   */
  private static List<UnlearnCell> cells(JavaSparkContext jsc, UnlearnOptions opts, LabeledDataset train,
      float[] original, SeedSequence root, MathOptions math, RunDirectory runDir, ForgetSetFile.Origin origin,
      ForgetSetFile given) {
    int n = train.size();
    Map<String, int[]> sets = new LinkedHashMap<>();
    List<ForgetSetFile.Row> saved = new ArrayList<>();
    try (SparkLossPass pass = given == null && needsSearch(opts)
        ? new SparkLossPass(jsc, opts.model(), train, opts.lossPartitions(), math.backend(), math.blasThreads())
        : null) {
      for (int r = 0; r < opts.ratios().size(); r++) {
        double ratio = opts.ratios().get(r);
        int m = (int) Math.round(ratio * n);
        if (m < 1 || m >= n) {
          throw new InvalidConfigException(UnlearnOptions.RATIOS + ": ratio " + ratio + " of " + n
              + " training examples gives a forget set of " + m + ", expected 1 <= size < " + n);
        }
        for (long seed : opts.seeds()) {
          for (ForgetKind kind : opts.forgetKinds()) {
            int[] set = given != null ? given.set(kind, ratio, seed) : switch (kind) {
              case RANDOM -> ForgetSets.random(n, m, root.derive("forget-random", r, seed));
              case WORST_CASE, EASIEST -> {
                SearchMode mode = kind == ForgetKind.WORST_CASE ? SearchMode.WORST : SearchMode.EASIEST;
                jsc.setJobGroup("unlearn-search", "fedspark unlearn: " + kind.configName() + " search", false);
                long t = System.nanoTime();
                ForgetSetSearchResult res = new WorstCaseForgetSetSearch(opts.search().withMode(mode))
                    .search(opts.model(), original, train, m, root.derive("forget-search", r, seed), pass);
                jsc.clearJobGroup();
                System.out.printf(Locale.ROOT, "[unlearn] %s forget set (ratio %s, seed %d): %d examples (%.1f s)%n",
                    kind.configName(), ratio, seed, m, (System.nanoTime() - t) / 1e9);
                yield res.indices();
              }
              case CLIENT, WORST_CASE_CLIENT -> throw new IllegalStateException(
                  "client forget sets belong to unlearn.setting = federated");
            };
            sets.put(key(kind, r, seed), set);
            saved.add(new ForgetSetFile.Row(kind, ratio, seed, set, saved.size() + 1));
          }
        }
      }
    }
    runDir.writeString("indices.csv", ForgetSetFile.render(origin, given == null ? null : given.path(), saved));
    List<UnlearnCell> cells = new ArrayList<>();
    for (int r = 0; r < opts.ratios().size(); r++) {
      for (long seed : opts.seeds()) {
        long experiment = root.derive("experiment", r, seed).seed();
        for (ForgetKind kind : opts.forgetKinds()) {
          for (UnlearningMethodKind method : opts.methods()) {
            cells.add(new UnlearnCell(cells.size(), method.configName(), kind.configName(), opts.ratios().get(r), seed,
                experiment, sets.get(key(kind, r, seed))));
          }
        }
      }
    }
    return cells;
  }

  private static boolean needsSearch(UnlearnOptions opts) {
    return opts.forgetKinds().contains(ForgetKind.WORST_CASE) || opts.forgetKinds().contains(ForgetKind.EASIEST);
  }

  private static String key(ForgetKind kind, int ratio, long seed) {
    return kind.configName() + "/" + ratio + "/" + seed;
  }

  /**
   * Fills in the average gap to the Retrain row of the same (kind, ratio, seed, client); NaN without
   * one.
   * Public so a test can apply it to rows computed in-process.
   */
  public static List<UnlearnRow> withGaps(List<UnlearnRow> rows) {
    return withGaps(rows, new Retrain().name());
  }

  /** {@link #withGaps(List)} with the reference rows named {@code retrainName}. */
  static List<UnlearnRow> withGaps(List<UnlearnRow> rows, String retrainName) {
    Map<String, UnlearnRow> retrain = new LinkedHashMap<>();
    for (UnlearnRow row : rows) {
      if (row.method().equals(retrainName)) {
        retrain.put(gapKey(row), row);
      }
    }
    List<UnlearnRow> out = new ArrayList<>(rows.size());
    for (UnlearnRow row : rows) {
      UnlearnRow ref = retrain.get(gapKey(row));
      out.add(row.withGap(ref == null ? Double.NaN : scores(row).averageGap(scores(ref))));
    }
    return out;
  }

  private static String gapKey(UnlearnRow r) {
    return r.forgetKind() + "/" + r.ratio() + "/" + r.seed() + "/" + r.client();
  }

  private static UnlearningScores scores(UnlearnRow r) {
    return new UnlearningScores(r.ua(), r.ra(), r.ta(), r.mia(), r.forgetLoss(), null);
  }

  private static String idNames(Enum<?>[] values) {
    return Arrays.stream(values).map(e -> e.ordinal() + "=" + e.name()).collect(Collectors.joining(" "));
  }
}
