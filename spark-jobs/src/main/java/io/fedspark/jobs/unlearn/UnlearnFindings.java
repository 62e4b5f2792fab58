package io.fedspark.jobs.unlearn;

import io.fedspark.federated.stats.ReportedEffect;
import io.fedspark.federated.unlearning.ForgetKind;
import io.fedspark.jobs.report.PairedFindings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The paper's comparisons in an unlearning audit, paired by seed (a seed fixes the original model,
 * so both forget sets of seed s are audited on the same model):
 * <ul>
 *   <li>centralized: worst-case - random forget set, per method and ratio: the gap to Retrain, and
 *       for Retrain its UA and MIA-efficacy. Fan et al., "Challenging Forgets" (ECCV 2024; its numbers
 *       are in docs/algorithms.md) report that the gap of FT and CF-k shrinks on
 *       worst-case sets, that of RL and SalUn grows, and Retrain's UA and MIA fall to 0;</li>
 *   <li>federated: the worst-case client - client 0 (the paper has no federated setting: its
 *       centralized claims apply by analogy, retraining without the client as Retrain and FedAvg
 *       fine-tuning rounds as FT).</li>
 * </ul>
 * Differences are in percentage points.
 */
final class UnlearnFindings {
  private UnlearnFindings() {}

  /** The findings of {@code rows}; empty when the audit has no treatment/control pair of kinds. */
  static List<PairedFindings.Finding> of(List<UnlearnRow> rows) {
    boolean federated = rows.stream().anyMatch(r -> r.forgetKind().equals(ForgetKind.WORST_CASE_CLIENT.configName()));
    String treatment = (federated ? ForgetKind.WORST_CASE_CLIENT : ForgetKind.WORST_CASE).configName();
    String control = (federated ? ForgetKind.CLIENT : ForgetKind.RANDOM).configName();
    // context (method, ratio) -> kind -> seed -> row; the federated control is the lowest client of a seed
    Map<String, Map<String, Map<Long, UnlearnRow>>> cells = new LinkedHashMap<>();
    for (UnlearnRow r : rows) {
      String context = federated ? r.method() : r.method() + ", ratio " + r.ratio();
      Map<Long, UnlearnRow> bySeed = cells.computeIfAbsent(context, k -> new LinkedHashMap<>())
          .computeIfAbsent(r.forgetKind(), k -> new TreeMap<>());
      bySeed.merge(r.seed(), r, (a, b) -> a.client() <= b.client() ? a : b);
    }
    List<PairedFindings.Finding> out = new ArrayList<>();
    String label = federated ? "worst-case client - client 0" : "worst-case - random";
    for (var cell : cells.entrySet()) {
      Map<Long, UnlearnRow> t = cell.getValue().get(treatment);
      Map<Long, UnlearnRow> c = cell.getValue().get(control);
      if (t == null || c == null) {
        continue;
      }
      String method = t.values().iterator().next().method();
      boolean retrain = method.startsWith("Retrain");
      for (Column column : retrain ? List.of(Column.UA, Column.MIA) : List.of(Column.GAP)) {
        List<Double> tv = new ArrayList<>();
        List<Double> cv = new ArrayList<>();
        for (var e : t.entrySet()) {
          UnlearnRow paired = c.get(e.getKey());
          if (paired != null) {
            tv.add(column.of(e.getValue()));
            cv.add(column.of(paired));
          }
        }
        out.add(PairedFindings.of(cell.getKey(), label + ", " + column.title, reported(asPaper(method), column), tv, cv));
      }
    }
    return out;
  }

  /** A compared column of the audit. */
  private enum Column {
    UA("UA"),
    MIA("MIA-efficacy"),
    GAP("gap to Retrain");

    final String title;

    Column(String title) {
      this.title = title;
    }

    double of(UnlearnRow r) {
      return switch (this) {
        case UA -> r.ua();
        case MIA -> r.mia();
        case GAP -> r.gap();
      };
    }
  }

  /** The centralized method a federated one stands for (by analogy), else the method itself. */
  private static String asPaper(String method) {
    return method.equals("Retrain-without-client") ? "Retrain" : method.equals("FT-rounds") ? "FT" : method;
  }

  /** What the paper reports for worst-case - random (null where it reports nothing). */
  private static ReportedEffect reported(String method, Column column) {
    if (method.equals("Retrain")) {
      return column == Column.GAP ? null : ReportedEffect.DECREASE; // UA 5.3 -> 0.0, MIA 12.9 -> 0.0
    }
    if (column != Column.GAP) {
      return null;
    }
    if (method.equals("FT") || method.startsWith("CF-")) {
      return ReportedEffect.DECREASE; // FT 2.00 -> 1.37, CF-k 4.36 -> 0.08
    }
    if (method.equals("RL") || method.equals("SalUn")) {
      return ReportedEffect.INCREASE; // RL 4.38 -> 24.88, SalUn 1.89 -> 24.51
    }
    return null;
  }
}
