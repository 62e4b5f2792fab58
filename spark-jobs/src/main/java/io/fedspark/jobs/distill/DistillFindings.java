package io.fedspark.jobs.distill;

import io.fedspark.federated.stats.ReportedEffect;
import io.fedspark.jobs.report.PairedFindings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparisons of a KRR-ST evaluation against the random subset of the same size, per m, task
 * and protocol. Lee et al., "Self-Supervised Dataset Distillation for Transfer Learning" (ICLR
 * 2024) report that pretraining on the distilled set beats a random subset (an increase). Pair i
 * is (distillation seed i's set, evaluated in repeat i) against (the random subset drawn in repeat
 * i, evaluated in repeat i): both share repeat i's initialisations and minibatch orders, and pairs
 * are independent (a new distillation seed and a new random subset each); the k-means centroids and
 * the full-data control are compared with the random subset by repeat, without a reported effect.
 * Differences are in accuracy points.
 */
final class DistillFindings {
  private DistillFindings() {}

  static List<PairedFindings.Finding> of(List<EvaluationRecord> rows) {
    Map<String, List<EvaluationRecord>> cells = new LinkedHashMap<>();
    for (EvaluationRecord r : rows) {
      cells.computeIfAbsent(r.task() + " " + r.protocol(), k -> new ArrayList<>()).add(r);
    }
    List<PairedFindings.Finding> out = new ArrayList<>();
    for (var cell : cells.entrySet()) {
      List<EvaluationRecord> rs = cell.getValue();
      for (int m : rs.stream().mapToInt(EvaluationRecord::m).filter(m -> m > 0).distinct().toArray()) {
        EvaluationRecord random = find(rs, m, "random-subset");
        if (random == null) {
          continue;
        }
        String where = "m = " + m + ", " + cell.getKey();
        List<EvaluationRecord> krr = rs.stream().filter(r -> r.m() == m && r.candidate().equals("krr-st"))
            .sorted(Comparator.comparingLong(EvaluationRecord::seed)).toList();
        int pairs = Math.min(krr.size(), random.accuracies().length);
        double[] t = new double[pairs];
        double[] c = new double[pairs];
        for (int i = 0; i < pairs; i++) {
          t[i] = 100 * krr.get(i).accuracies()[i];
          c[i] = 100 * random.accuracies()[i];
        }
        out.add(PairedFindings.of(where, "KRR-ST - random subset", ReportedEffect.INCREASE, t, c, Double.NaN));
        byRepeat(out, where, "k-means centroids - random subset", find(rs, m, "kmeans-centroids"), random);
        byRepeat(out, where, "full-data control - random subset", find(rs, 0, "full-data"), random);
      }
    }
    return out;
  }

  private static void byRepeat(List<PairedFindings.Finding> out, String where, String comparison,
      EvaluationRecord treatment, EvaluationRecord random) {
    if (treatment == null) {
      return;
    }
    int n = Math.min(treatment.accuracies().length, random.accuracies().length);
    double[] t = new double[n];
    double[] c = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = 100 * treatment.accuracies()[i];
      c[i] = 100 * random.accuracies()[i];
    }
    out.add(PairedFindings.of(where, comparison, null, t, c, Double.NaN));
  }

  private static EvaluationRecord find(List<EvaluationRecord> rs, int m, String candidate) {
    return rs.stream().filter(r -> r.m() == m && r.candidate().equals(candidate)).findFirst().orElse(null);
  }
}
