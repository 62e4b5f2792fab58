package io.fedspark.jobs.unlearn;

import io.fedspark.federated.partition.PartitionScheme;
import io.fedspark.federated.unlearning.ClientSearchResult;
import io.fedspark.federated.unlearning.ClientUnlearningMethod;
import io.fedspark.federated.unlearning.ForgetKind;
import io.fedspark.federated.unlearning.UnlearningScores;
import io.fedspark.federated.unlearning.WorstCaseClientRule;
import io.fedspark.federated.unlearning.WorstCaseClientSearch;
import io.fedspark.jobs.BroadcastReduce;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.TaskProgress;
import io.fedspark.jobs.data.ClientSplit;
import io.fedspark.jobs.data.DataPlane;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.data.StagedTable;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code fedspark unlearn} with {@code unlearn.setting = federated}: forgetting whole clients of a
 * FedAvg run ({@link io.fedspark.federated.unlearning.ClientUnlearning}), scored like the
 * centralized audit with the client's data as the forget set, and the worst-case client search
 * ({@link WorstCaseClientSearch}) distributed over Spark.
 *
 * <p>The clients are built on the executors like {@code fedspark federate}'s ({@link ClientSplit}:
 * any table, natural or seeded partition) and staged as files in the run directory
 * ({@link StagedTable#stageClients}). Stages, each a Spark job with one task per unit of work, every
 * task reading the staged clients on its executor ({@link ClientAuditBroadcast} says where): (1) the original FedAvg run of every experiment seed; (2) with
 * {@code unlearn.client.worst-case}, every candidate client's Retrain and FT (the search's two
 * runs), after which the driver picks the worst candidate by {@code unlearn.client.worst-case-rule}
 * exactly as {@link WorstCaseClientSearch#search} does, and records the other rule's choice too
 * ({@code client-search.csv}: every candidate's FT forget loss and gap, and which rule chose it;
 * provenance: {@code worstCaseClientsByRule}); (3) every configured method on every client of
 * {@code unlearn.client.forget} and the remaining methods on the worst-case client. Each task is a
 * pure function of its cell, so the rows equal an in-process run of the same clients.
 *
 * <p>Seeds: the federation (partition) comes from {@code run.seed} as in {@code fedspark federate};
 * experiment seed s runs the federated training with root seed
 * {@code root(run.seed).derive("federated-unlearning", s)}, and its search draws candidates from
 * {@code root(that).derive("client-search")}.
 */
public final class ClientAuditJob {

  /**
   * Outcome of a run.
   *
   * @param rows in order seed, kind (client, worst-case-client), client, method; gaps filled in
   * @param setupSeeds the federated run's root seed per experiment seed
   * @param originals the trained global model per experiment seed
   * @param worstClients the worst-case client per experiment seed by the configured rule (empty
   *     without the search)
   * @param worstClientsByRule per rule, its worst-case client per experiment seed
   */
  public record Result(RunDirectory runDir, List<UnlearnRow> rows, ClientAuditBroadcast data, List<Long> setupSeeds,
      List<float[]> originals, List<Integer> worstClients, Map<WorstCaseClientRule, List<Integer>> worstClientsByRule)
      implements io.fedspark.jobs.JobOutcome {}

  /** The worst-case client search's outcome: per seed, the chosen client and its Retrain and FT rows. */
  private record WorstCase(List<Integer> clients, Map<WorstCaseClientRule, List<Integer>> byRule,
      Map<String, UnlearnRow> rows) {
    static final WorstCase NONE = new WorstCase(List.of(), Map.of(), Map.of());
  }

  public Result run(JobContext ctx) {
    ClientAuditOptions opts = ClientAuditOptions.from(ctx.config());
    JobRun job = JobRun.start(ctx, null);
    Staged staged = stage(job, opts);
    int numClients = staged.clients();
    ClientAuditBroadcast data = ClientAuditBroadcast.of(opts, staged.table(), job.math().backend().name(),
        job.math().blasThreads());
    SeedSequence root = SeedSequence.root(job.run().seed());
    List<Long> setupSeeds = new ArrayList<>();
    for (long s : opts.seeds()) {
      setupSeeds.add(root.derive("federated-unlearning", s).seed());
    }
    List<float[]> originals = originals(job, opts, data, setupSeeds, numClients);
    WorstCase worst = opts.worstCase() ? worstCase(job, opts, data, setupSeeds, originals, numClients) : WorstCase.NONE;
    List<ClientAuditCell> cells = methodCells(opts, setupSeeds, originals, worst.clients());
    long tg = System.nanoTime();
    List<UnlearnRow> audited = cells.isEmpty() ? List.of()
        : runCells(job.jsc(), data, cells, opts, "unlearn-federated-grid", cells.size() + " client unlearning runs");
    System.out.printf(Locale.ROOT, "[unlearn] %d client unlearning runs in %.1f s%n", cells.size(),
        (System.nanoTime() - tg) / 1e9);
    List<UnlearnRow> rows = UnlearnJob.withGaps(ordered(opts, cells, audited, worst),
        ClientUnlearningMethod.RETRAIN.resultName());
    report(job, opts, rows, numClients);
    return new Result(job.runDir(), rows, data, List.copyOf(setupSeeds), originals, List.copyOf(worst.clients()),
        Map.copyOf(worst.byRule()));
  }

  /** The staged clients and test split, and the number of clients. */
  private record Staged(StagedTable table, int clients) {}

  /** The clients built on the executors (any table, any scheme) and staged with the test split. */
  private static Staged stage(JobRun job, ClientAuditOptions opts) {
    var f = opts.federate();
    boolean natural = f.partition().scheme() == PartitionScheme.NATURAL;
    TrainingTable table = DataPlane.load(job, f.dataset(), "federate.dataset", "federate.model", f.model(), natural);
    ClientSplit split = ClientSplit.of(table, f.partition(), f.sparkPartitions(), job.run().seed(),
        job.config().get(DataSourceOptions.CLIENT), f::checkCohort);
    job.provenance().dataNote("federated clients: " + split.description());
    System.out.printf(Locale.ROOT, "[unlearn] %d clients (%s)%n", split.clients().count(), split.description());
    try {
      return new Staged(StagedTable.stageClients(job, table, split.clients(), f.dataset().configName()),
          split.clients().count());
    } finally {
      split.clients().release();
    }
  }

  /** Stage 1: the original FedAvg run of every experiment seed, one task each. */
  private static List<float[]> originals(JobRun job, ClientAuditOptions opts, ClientAuditBroadcast data,
      List<Long> setupSeeds, int numClients) {
    long t0 = System.nanoTime();
    List<ClientAuditCells.Original> runs = TaskProgress.run(job.jsc(), "unlearn-federated-original",
        "fedspark unlearn: original FedAvg runs", "[unlearn] original FedAvg runs",
        () -> BroadcastReduce.map(job.jsc(), setupSeeds, setupSeeds.size(), data, (s, b) -> ClientAuditCells.original(b, s)));
    List<float[]> originals = new ArrayList<>();
    List<Double> accuracies = new ArrayList<>();
    for (ClientAuditCells.Original o : runs) {
      originals.add(o.global());
      accuracies.add(o.testAccuracy());
    }
    System.out.printf(Locale.ROOT, "[unlearn] original FedAvg runs (%d clients, %d rounds): test accuracy %s (%.1f s)%n",
        numClients, opts.federate().simulation().rounds(), accuracies, (System.nanoTime() - t0) / 1e9);
    job.provenance().result("originalTestAccuracy", accuracies);
    return originals;
  }

  /**
   * Stage 2: every candidate's Retrain and FT as tasks; the driver picks the worst per seed by the
   * configured rule (as {@link WorstCaseClientSearch#search} does) and records both rules' choices.
   */
  private static WorstCase worstCase(JobRun job, ClientAuditOptions opts, ClientAuditBroadcast data,
      List<Long> setupSeeds, List<float[]> originals, int numClients) {
    long ts = System.nanoTime();
    List<ClientAuditCell> candidates = new ArrayList<>();
    List<int[]> candidateIds = new ArrayList<>();
    for (int i = 0; i < opts.seeds().size(); i++) {
      int[] ids = WorstCaseClientSearch.candidates(numClients, opts.client().searchCandidates(),
          searchSeed(setupSeeds.get(i)));
      candidateIds.add(ids);
      for (int c : ids) {
        candidates.add(new ClientAuditCell(opts.seeds().get(i), setupSeeds.get(i), "",
            ForgetKind.WORST_CASE_CLIENT.configName(), c, originals.get(i)));
      }
    }
    List<UnlearnRow> found = runCells(job.jsc(), data, candidates, opts, "unlearn-federated-search",
        "worst-case client search");
    WorstCaseClientRule rule = opts.client().worstCaseRule();
    ClientSearchTable table = new ClientSearchTable();
    List<Integer> worstClients = new ArrayList<>();
    Map<WorstCaseClientRule, List<Integer>> byRule = new EnumMap<>(WorstCaseClientRule.class);
    Map<String, UnlearnRow> worstRows = new LinkedHashMap<>();
    int at = 0;
    for (int i = 0; i < opts.seeds().size(); i++) {
      int[] ids = candidateIds.get(i);
      List<UnlearningScores> retrain = new ArrayList<>();
      List<UnlearningScores> fineTune = new ArrayList<>();
      for (int k = 0; k < ids.length; k++) {
        retrain.add(scores(found.get(at + 2 * k)));
        fineTune.add(scores(found.get(at + 2 * k + 1)));
      }
      ClientSearchResult result = new ClientSearchResult(rule, ids[rule.worstIndex(retrain, fineTune)], ids, retrain,
          fineTune);
      for (WorstCaseClientRule r : WorstCaseClientRule.values()) {
        byRule.computeIfAbsent(r, x -> new ArrayList<>()).add(result.worstClient(r));
      }
      table.add(opts.seeds().get(i), result, found.subList(at, at + 2 * ids.length));
      int worst = result.worstClient();
      worstClients.add(worst);
      for (int k = 0; k < ids.length; k++) {
        if (ids[k] == worst) {
          worstRows.put(opts.seeds().get(i) + "/" + ClientUnlearningMethod.RETRAIN.resultName(), found.get(at + 2 * k));
          worstRows.put(opts.seeds().get(i) + "/" + ClientUnlearningMethod.FINE_TUNE.resultName(),
              found.get(at + 2 * k + 1));
        }
      }
      at += 2 * ids.length;
    }
    WorstCaseClientRule other = rule == WorstCaseClientRule.FORGET_LOSS ? WorstCaseClientRule.FT_GAP
        : WorstCaseClientRule.FORGET_LOSS;
    System.out.printf(Locale.ROOT, "[unlearn] worst-case client per seed: %s by %s (by %s: %s; %d candidates each, "
        + "%.1f s)%n", worstClients, rule.configName(), other.configName(), byRule.get(other),
        candidateIds.get(0).length, (System.nanoTime() - ts) / 1e9);
    job.runDir().writeString("client-search.csv", table.toCsv());
    Map<String, List<Integer>> named = new LinkedHashMap<>();
    byRule.forEach((r, clients) -> named.put(r.configName(), clients));
    job.provenance().result("worstCaseClients", worstClients).result("worstCaseRule", rule.configName())
        .result("worstCaseClientsByRule", named);
    return new WorstCase(worstClients, byRule, worstRows);
  }

  /** Stage 3: every method on every configured client, and GA on the worst-case client. */
  private static List<ClientAuditCell> methodCells(ClientAuditOptions opts, List<Long> setupSeeds,
      List<float[]> originals, List<Integer> worstClients) {
    List<ClientAuditCell> cells = new ArrayList<>();
    for (int i = 0; i < opts.seeds().size(); i++) {
      for (int client : opts.forgetClients()) {
        for (ClientUnlearningMethod m : opts.methods()) {
          cells.add(new ClientAuditCell(opts.seeds().get(i), setupSeeds.get(i), m.configName(),
              ForgetKind.CLIENT.configName(), client, originals.get(i)));
        }
      }
      if (opts.worstCase() && opts.methods().contains(ClientUnlearningMethod.GRADIENT_ASCENT)) {
        cells.add(new ClientAuditCell(opts.seeds().get(i), setupSeeds.get(i),
            ClientUnlearningMethod.GRADIENT_ASCENT.configName(), ForgetKind.WORST_CASE_CLIENT.configName(),
            worstClients.get(i), originals.get(i)));
      }
    }
    return cells;
  }

  /** The rows in order seed, kind (client, then worst-case-client), client, method. */
  private static List<UnlearnRow> ordered(ClientAuditOptions opts, List<ClientAuditCell> cells,
      List<UnlearnRow> audited, WorstCase worst) {
    List<UnlearnRow> rows = new ArrayList<>();
    for (int i = 0; i < opts.seeds().size(); i++) {
      for (int j = 0; j < cells.size(); j++) {
        ClientAuditCell c = cells.get(j);
        if (c.seed() == opts.seeds().get(i) && c.forgetKind().equals(ForgetKind.CLIENT.configName())) {
          rows.add(at(audited.get(j), rows.size()));
        }
      }
      if (opts.worstCase()) {
        for (ClientUnlearningMethod m : opts.methods()) {
          UnlearnRow r = m == ClientUnlearningMethod.GRADIENT_ASCENT ? gaRow(cells, audited, opts.seeds().get(i))
              : worst.rows().get(opts.seeds().get(i) + "/" + m.resultName());
          rows.add(at(r, rows.size()));
        }
      }
    }
    return rows;
  }

  private static void report(JobRun job, ClientAuditOptions opts, List<UnlearnRow> rows, int numClients) {
    List<ForgetKind> kinds = new ArrayList<>();
    if (!opts.forgetClients().isEmpty()) {
      kinds.add(ForgetKind.CLIENT);
    }
    if (opts.worstCase()) {
      kinds.add(ForgetKind.WORST_CASE_CLIENT);
    }
    String heading = String.format(Locale.ROOT, "Federated: FedAvg, model %s on %s, %d clients (%s), %d rounds of %d "
        + "clients, FT for %d rounds; mean +- sample std over %d seed(s)", opts.federate().model(),
        opts.federate().dataset().configName(), numClients, opts.federate().partition().scheme().configName(),
        opts.federate().simulation().rounds(), opts.federate().clientsPerRound(), opts.client().fineTuneRounds(),
        opts.seeds().size());
    UnlearnReport.write(job, rows, new UnlearnReport.Layout(heading,
        opts.methods().stream().map(ClientUnlearningMethod::resultName).toList(), kinds, true));
    job.provenance().result("cells", rows.size())
        .result("clientUnlearningOptions", opts.client().toString())
        .result("miaAttacker", rows.isEmpty() ? "" : rows.get(0).miaAttacker());
    job.provenance().writeTo(job.runDir());
    System.out.println("[unlearn] results in " + job.runDir());
  }

  /** The search's seed stream of the federated run with root seed {@code setupSeed}. */
  public static SeedSequence searchSeed(long setupSeed) {
    return SeedSequence.root(setupSeed).derive("client-search");
  }

  private static List<UnlearnRow> runCells(JavaSparkContext jsc, ClientAuditBroadcast data,
      List<ClientAuditCell> cells, ClientAuditOptions opts, String group, String description) {
    int slices = opts.gridPartitions() == 0 ? cells.size() : opts.gridPartitions();
    List<List<UnlearnRow>> perCell = TaskProgress.run(jsc, group, "fedspark unlearn: " + description,
        "[unlearn] " + description, () -> BroadcastReduce.map(jsc, cells, slices, data,
            (c, b) -> new ArrayList<>(ClientAuditCells.run(c, b)))); // an ArrayList travels through Kryo
    List<UnlearnRow> rows = new ArrayList<>();
    perCell.forEach(rows::addAll);
    return rows;
  }

  private static UnlearnRow gaRow(List<ClientAuditCell> cells, List<UnlearnRow> audited, long seed) {
    for (int j = 0; j < cells.size(); j++) {
      ClientAuditCell c = cells.get(j);
      if (c.seed() == seed && c.forgetKind().equals(ForgetKind.WORST_CASE_CLIENT.configName())) {
        return audited.get(j);
      }
    }
    throw new IllegalStateException("no GA row of the worst-case client of seed " + seed);
  }

  private static UnlearnRow at(UnlearnRow r, int index) {
    return new UnlearnRow(index, r.method(), r.forgetKind(), r.ratio(), r.seed(), r.forgetSize(), r.client(), r.ua(),
        r.ra(), r.ta(), r.mia(), r.miaFeature(), r.miaAttacker(), r.forgetLoss(), r.rteSeconds(), r.gap());
  }

  private static UnlearningScores scores(UnlearnRow r) {
    return new UnlearningScores(r.ua(), r.ra(), r.ta(), r.mia(), r.forgetLoss(), null);
  }
}
