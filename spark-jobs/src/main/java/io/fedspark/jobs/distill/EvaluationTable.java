package io.fedspark.jobs.distill;

import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.report.MetricsTable;
import io.fedspark.jobs.report.PairedFindings;
import io.fedspark.jobs.report.RunColumns;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The evaluation table of {@code fedspark distill}: {@code evaluation.md} (per task and protocol,
 * one line per m with a column per candidate, mean +- std in percent over the repeats, then every
 * row with its repeats, then the paired comparisons of {@link DistillFindings}) and
 * {@code evaluation.csv}, {@code .json} and {@code .parquet} ({@link EvaluationRecord.Table} through
 * {@link MetricsTable}; the Parquet table with the run's columns).
 */
final class EvaluationTable {
  static final List<String> CANDIDATES = List.of("krr-st", "random-subset", "kmeans-centroids", "no-pretraining",
      "full-data", "target-probe");

  private EvaluationTable() {}

  static String markdown(List<EvaluationRecord> rows, String heading) {
    StringBuilder s = new StringBuilder(heading);
    Set<String> tasks = new LinkedHashSet<>();
    Set<String> protocols = new LinkedHashSet<>();
    Set<Integer> sizes = new LinkedHashSet<>();
    Set<String> candidates = new LinkedHashSet<>();
    for (String c : CANDIDATES) {
      if (rows.stream().anyMatch(r -> r.candidate().equals(c))) {
        candidates.add(c);
      }
    }
    for (EvaluationRecord r : rows) {
      tasks.add(r.task());
      protocols.add(r.protocol());
      if (r.m() > 0) {
        sizes.add(r.m());
      }
    }
    for (String task : tasks) {
      for (String protocol : protocols) {
        s.append(String.format(Locale.ROOT, "%n**%s, %s** (test accuracy %%, mean +- std over repeats)%n%n", task,
            protocol));
        s.append("| m |");
        candidates.forEach(c -> s.append(' ').append(c).append(" |"));
        s.append("\n|---|");
        candidates.forEach(c -> s.append("---|"));
        s.append('\n');
        for (int m : sizes) {
          s.append("| ").append(m).append(" |");
          for (String c : candidates) {
            List<String> cells = new ArrayList<>();
            for (EvaluationRecord r : rows) {
              if (r.task().equals(task) && r.protocol().equals(protocol) && r.candidate().equals(c)
                  && (r.m() == m || r.m() == 0)) {
                cells.add(String.format(Locale.ROOT, "%.2f +- %.2f", 100 * r.mean(), 100 * r.std())
                    + (r.seed() >= 0 && rows.stream().filter(q -> q.candidate().equals(c) && q.m() == m
                        && q.task().equals(task) && q.protocol().equals(protocol)).count() > 1 ? " (seed "
                        + r.seed() + ")" : ""));
              }
            }
            s.append(' ').append(cells.isEmpty() ? "-" : String.join("; ", cells)).append(" |");
          }
          s.append('\n');
        }
      }
    }
    s.append("\nAll rows (accuracy of each repeat in %):\n\n| task | protocol | m | candidate | seed | mean +- std |"
        + " repeats |\n|---|---|---|---|---|---|---|\n");
    for (EvaluationRecord r : rows) {
      StringBuilder each = new StringBuilder();
      for (double a : r.accuracies()) {
        each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", 100 * a));
      }
      s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f +- %.2f | %s |%n", r.task(), r.protocol(),
          r.m() == 0 ? "-" : Integer.toString(r.m()), r.candidate(), r.seed() < 0 ? "-" : Long.toString(r.seed()),
          100 * r.mean(), 100 * r.std(), each));
    }
    List<PairedFindings.Finding> findings = DistillFindings.of(rows);
    if (!findings.isEmpty()) {
      s.append("\n## Paired comparisons\n\nAccuracy points, candidate - random subset of the same size; pair i is"
          + " distillation seed i's set (or the k-means / full-data control) and the random subset of repeat i, both"
          + " evaluated with repeat i's initialisations and minibatch orders; mean and Student-t 95% confidence"
          + " interval over the pairs; verdict against the paper's reported effect (reproduced: the interval lies on the"
          + " reported side of 0; not reproduced: on the other side; inconclusive: it contains 0).\n\n")
          .append(PairedFindings.markdown(findings, "m, task, protocol", "per pair"));
    }
    return s.toString();
  }

  /** Writes evaluation.csv, .json, .parquet (with the run's columns) and evaluation.md. */
  static void write(JobRun job, List<EvaluationRecord> rows, String heading) {
    RunDirectory dir = job.runDir();
    new MetricsTable<>("evaluation", rows.stream().map(EvaluationRecord::table).toList()).write(dir, job.spark(),
        RunColumns.of(dir.name(), job.context().command(), job.run().seed(), job.config(), k -> k.startsWith("distill.")));
    dir.writeString("evaluation.md", markdown(rows, heading));
  }
}
