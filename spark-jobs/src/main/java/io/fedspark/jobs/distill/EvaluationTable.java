package io.fedspark.jobs.distill;

import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.report.ParquetMetrics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The evaluation table of {@code fedspark distill}: {@code evaluation.md} (per task and protocol,
 * one line per m with a column per candidate, mean +- std in percent over the repeats, then every
 * row with its repeats), {@code evaluation.csv} (one line per row) and {@code evaluation.parquet}
 * (the numeric columns, names coded by their position in {@link #CANDIDATES}, the task list and
 * {@link #PROTOCOLS}).
 */
final class EvaluationTable {
  static final List<String> CANDIDATES = List.of("krr-st", "random-subset", "kmeans-centroids", "no-pretraining",
      "full-data", "target-probe");
  static final List<String> PROTOCOLS = List.of("linear-probe", "fine-tune");

  private EvaluationTable() {}

  static String csv(List<EvaluationRecord> rows) {
    int repeats = rows.isEmpty() ? 0 : rows.get(0).accuracies().length;
    StringBuilder s = new StringBuilder("m,candidate,seed,task,protocol,mean,std");
    for (int k = 1; k <= repeats; k++) {
      s.append(",repeat_").append(k);
    }
    s.append('\n');
    for (EvaluationRecord r : rows) {
      s.append(r.m()).append(',').append(r.candidate()).append(',').append(r.seed() < 0 ? "" : r.seed()).append(',')
          .append(r.task()).append(',').append(r.protocol()).append(',').append(r.mean()).append(',').append(r.std());
      for (double a : r.accuracies()) {
        s.append(',').append(a);
      }
      s.append('\n');
    }
    return s.toString();
  }

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
    return s.toString();
  }

  static void write(SparkSession spark, RunDirectory dir, List<EvaluationRecord> rows, List<String> taskNames,
      String heading) {
    dir.writeString("evaluation.csv", csv(rows));
    dir.writeString("evaluation.md", markdown(rows, heading));
    List<String> lines = new ArrayList<>();
    lines.add("m,seed,candidate_id,task_id,protocol_id,mean,std");
    for (EvaluationRecord r : rows) {
      lines.add(r.m() + "," + r.seed() + "," + CANDIDATES.indexOf(r.candidate()) + "," + taskNames.indexOf(r.task())
          + "," + PROTOCOLS.indexOf(r.protocol()) + "," + r.mean() + "," + r.std());
    }
    ParquetMetrics.write(spark, lines, 7, dir.resolve("evaluation.parquet").toString());
  }
}
