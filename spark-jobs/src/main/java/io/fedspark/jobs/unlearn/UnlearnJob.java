package io.fedspark.jobs.unlearn;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.jobs.Job;
import io.fedspark.federated.unlearning.ForgetKind;
import io.fedspark.federated.unlearning.ForgetSets;
import io.fedspark.federated.unlearning.SearchMode;
import io.fedspark.federated.unlearning.Retrain;
import io.fedspark.federated.unlearning.UnlearningMethodKind;
import io.fedspark.federated.unlearning.UnlearningScores;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.BroadcastReduce;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.TaskProgress;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.data.DataPlane;
import io.fedspark.jobs.data.StagedTable;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.jobs.io.RunDirectory;
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

/**
 * {@code fedspark unlearn}: the unlearning audit of Fan et al., "Challenging Forgets: Unveiling
 * the Worst-Case Forget Sets in Machine Unlearning" (ECCV 2024). Stages the table's splits on the
 * executors ({@link StagedTable}), trains the original model in a Spark task ({@link OriginalModel}),
 * builds the forget sets of every (kind, ratio, seed) (random ones on the driver from the split's
 * size; worst-case and easiest by {@link io.fedspark.federated.unlearning.WorstCaseForgetSetSearch},
 * one Spark task each: {@link ForgetSetSearches}), then runs the grid method x kind x ratio x seed
 * as one Spark task per cell, each reading the staged splits on its executor, with the original
 * model broadcast ({@link UnlearnCells}), and writes results (CSV, JSON, Parquet), a
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
    TrainingTable table = DataPlane.load(job, opts.dataset(), UnlearnOptions.DATASET.key(), "unlearn.model",
        opts.model(), false);
    SeedSequence root = SeedSequence.root(job.run().seed());
    ForgetSetFile.Origin origin = new ForgetSetFile.Origin(opts.dataset().configName(),
        Math.toIntExact(table.trainRows()), job.run().seed(), ForgetSetFile.fingerprint(cfg));
    job.provenance().result("forgetSetFingerprint", origin.fingerprint());
    ForgetSetFile given = givenSets(job, opts, origin); // checked before anything is written
    StagedTable data = StagedTable.stage(job, table, opts.dataset().configName());

    long t0 = System.nanoTime();
    OriginalModel original = OriginalModel.train(job.jsc(), opts.model(), data, opts.original(), root.derive("original"),
        job.math());
    System.out.printf(Locale.ROOT, "[unlearn] original model %s: train accuracy %.2f%%, test %.2f%% (%.1f s)%n",
        opts.model(), 100 * original.trainAccuracy(), 100 * original.testAccuracy(), (System.nanoTime() - t0) / 1e9);
    job.provenance().result("originalTrainAccuracy", original.trainAccuracy())
        .result("originalTestAccuracy", original.testAccuracy());

    List<UnlearnCell> cells = cells(job, opts, data, original.parameters(), root, origin, given);
    UnlearnBroadcast b = UnlearnBroadcast.of(opts, data, original.parameters(), job.math().backend().name(),
        job.math().blasThreads());
    List<UnlearnRow> rows = runGrid(job.jsc(), opts, cells, b);
    UnlearnReport.write(job, rows, UnlearnReport.Layout.of(opts));
    job.provenance().result("cells", rows.size()).result("methodSettings", opts.methodSettings().toString())
        .result("miaAttacker", rows.isEmpty() ? "" : rows.get(0).miaAttacker());
    job.provenance().writeTo(job.runDir());
    System.out.println("[unlearn] results in " + job.runDir());
    return new Result(job.runDir(), rows, cells, b);
  }

  /** The saved forget sets of {@code unlearn.forget-set}, checked against this run; null without. */
  private static ForgetSetFile givenSets(JobRun job, UnlearnOptions opts, ForgetSetFile.Origin origin) {
    if (opts.forgetSet().isEmpty()) {
      return null;
    }
    ForgetSetFile given = ForgetSetFile.read(job.files(), opts.forgetSet());
    given.check(origin, opts);
    System.out.println("[unlearn] forget sets from " + ForgetSetFile.KEY + " = " + opts.forgetSet() + " (no search)");
    job.provenance().result("forgetSetSource", opts.forgetSet());
    return given;
  }

  /** The grid, one Spark task per cell (each reads the staged splits on its executor); rows with gaps. */
  private static List<UnlearnRow> runGrid(JavaSparkContext jsc, UnlearnOptions opts, List<UnlearnCell> cells,
      UnlearnBroadcast data) {
    long tg = System.nanoTime();
    int slices = opts.gridPartitions() == 0 ? cells.size() : opts.gridPartitions();
    List<UnlearnRow> rows = new ArrayList<>(TaskProgress.run(jsc, "unlearn-grid", "fedspark unlearn: " + cells.size()
        + " grid cells", "[unlearn] grid", () -> BroadcastReduce.map(jsc, cells, slices, data, UnlearnCells::run)));
    rows.sort(Comparator.comparingInt(UnlearnRow::index));
    rows = withGaps(rows);
    System.out.printf(Locale.ROOT, "[unlearn] %d grid cells in %.1f s%n", rows.size(), (System.nanoTime() - tg) / 1e9);
    return rows;
  }

  /**
   * The forget sets of every (kind, ratio, seed), built (random ones here, searches as Spark tasks)
   * or taken from {@code given} (checked), then the grid cells; writes indices.csv.
   */
  private static List<UnlearnCell> cells(JobRun job, UnlearnOptions opts, StagedTable data, float[] original,
      SeedSequence root, ForgetSetFile.Origin origin, ForgetSetFile given) {
    int n = Math.toIntExact(data.trainRows());
    Map<String, int[]> sets = new LinkedHashMap<>();
    List<ForgetSetSearches.Request> searches = new ArrayList<>();
    for (int r = 0; r < opts.ratios().size(); r++) {
      double ratio = opts.ratios().get(r);
      int m = (int) Math.round(ratio * n);
      if (m < 1 || m >= n) {
        throw new InvalidConfigException(UnlearnOptions.RATIOS + ": ratio " + ratio + " of " + n
            + " training examples gives a forget set of " + m + ", expected 1 <= size < " + n);
      }
      for (long seed : opts.seeds()) {
        for (ForgetKind kind : opts.forgetKinds()) {
          String key = key(kind, r, seed);
          sets.put(key, null);
          if (given != null) {
            sets.put(key, given.set(kind, ratio, seed));
            continue;
          }
          switch (kind) {
            case RANDOM -> sets.put(key, ForgetSets.random(n, m, root.derive("forget-random", r, seed)));
            case WORST_CASE, EASIEST -> searches.add(new ForgetSetSearches.Request(key, kind, ratio, seed, m,
                root.derive("forget-search", r, seed), opts.search().withMode(
                    kind == ForgetKind.WORST_CASE ? SearchMode.WORST : SearchMode.EASIEST)));
            case CLIENT, WORST_CASE_CLIENT -> throw new IllegalStateException(
                "client forget sets belong to unlearn.setting = federated");
          }
        }
      }
    }
    sets.putAll(ForgetSetSearches.run(job.jsc(), opts.model(), original, data, searches, job.math()));
    List<ForgetSetFile.Row> saved = new ArrayList<>();
    List<UnlearnCell> cells = new ArrayList<>();
    for (int r = 0; r < opts.ratios().size(); r++) {
      for (long seed : opts.seeds()) {
        long experiment = root.derive("experiment", r, seed).seed();
        for (ForgetKind kind : opts.forgetKinds()) {
          int[] set = sets.get(key(kind, r, seed));
          saved.add(new ForgetSetFile.Row(kind, opts.ratios().get(r), seed, set, saved.size() + 1));
          for (UnlearningMethodKind method : opts.methods()) {
            cells.add(new UnlearnCell(cells.size(), method.configName(), kind.configName(), opts.ratios().get(r), seed,
                experiment, set));
          }
        }
      }
    }
    job.runDir().writeString("indices.csv", ForgetSetFile.render(origin, given == null ? null : given.path(), saved));
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

}
