package io.fedspark.federated.distillation;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The transfer accuracies of {@link DistillationEvaluation}: one row per (candidate, task,
 * protocol) with the test accuracy of every repeat and their mean and standard deviation.
 *
 * @param rows in the order they were evaluated
 */
public record EvaluationReport(List<Row> rows) {
  public EvaluationReport {
    rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
  }

  /**
   * One cell of the result table.
   *
   * @param candidate {@link PretrainingCandidate#name()}
   * @param task {@link TargetTask#name()}
   * @param protocol linear probe or fine-tune
   * @param accuracies test accuracy in [0, 1] of each repeat
   */
  public record Row(String candidate, String task, EvaluationProtocol protocol, double[] accuracies) {
    public Row {
      Objects.requireNonNull(candidate, "candidate");
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(protocol, "protocol");
      if (Objects.requireNonNull(accuracies, "accuracies").length == 0) {
        throw new IllegalArgumentException("evaluation row " + candidate + "/" + task + "/" + protocol
            + " has no accuracies");
      }
      accuracies = accuracies.clone();
    }

    /** The mean accuracy over the repeats. */
    public double mean() {
      return EvaluationReport.mean(accuracies);
    }

    /** The population standard deviation over the repeats (see {@link EvaluationReport#std}). */
    public double std() {
      return EvaluationReport.std(accuracies);
    }
  }

  /** The mean of {@code values} (non-empty). */
  public static double mean(double[] values) {
    double s = 0;
    for (double a : values) {
      s += a;
    }
    return s / values.length;
  }

  /**
   * The population standard deviation of {@code values}, {@code sqrt(mean((a - mean)^2))} (numpy's
   * default {@code ddof = 0}, as the "mean +- std over 3 seeds" of papers usually is).
   */
  public static double std(double[] values) {
    double mu = mean(values);
    double s = 0;
    for (double a : values) {
      s += (a - mu) * (a - mu);
    }
    return Math.sqrt(s / values.length);
  }

  /** The row of a (candidate, task, protocol), if evaluated. */
  public Optional<Row> find(String candidate, String task, EvaluationProtocol protocol) {
    return rows.stream()
        .filter(r -> r.candidate().equals(candidate) && r.task().equals(task) && r.protocol() == protocol)
        .findFirst();
  }

  /** A plain-text table: candidate, task, protocol, mean +- std in percent, and each repeat. */
  public String format() {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-18s %-20s %-13s %s%n", "candidate", "task",
        "protocol", "accuracy % (mean +- std; repeats)"));
    for (Row r : rows) {
      StringBuilder each = new StringBuilder();
      for (double a : r.accuracies()) {
        each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", 100 * a));
      }
      s.append(String.format(Locale.ROOT, "%-18s %-20s %-13s %6.2f +- %5.2f  (%s)%n", r.candidate(), r.task(),
          r.protocol(), 100 * r.mean(), 100 * r.std(), each));
    }
    return s.toString();
  }
}
