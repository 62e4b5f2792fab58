package io.fedspark.jobs.distill;

import io.fedspark.federated.distillation.EvaluationReport;
import java.util.Arrays;
import java.util.List;

/**
 * One row of the evaluation table: a candidate's test accuracies on one task with one protocol.
 *
 * @param cell the {@link EvaluationCell#index()}
 * @param m the set size (0 for no pretraining)
 * @param seed the distillation seed of a distilled candidate, else -1
 * @param candidate the candidate's name
 * @param task the task's name
 * @param protocol linear-probe | fine-tune
 * @param accuracies per repeat, in [0, 1]
 */
public record EvaluationRecord(int cell, int m, long seed, String candidate, String task, String protocol,
    double[] accuracies) {

  /**
   * The row as the result tables show it ({@code evaluation.csv}, {@code .json}, {@code .parquet}):
   * the distillation seed ({@code distill_seed}; the Parquet table's {@code seed} is the run's) null
   * (empty) where a candidate has none, accuracies per repeat in [0, 1].
   */
  public record Table(int m, String candidate, Long distillSeed, String task, String protocol, double mean, double std,
      List<Double> repeats) {}

  /** This row for the result tables. */
  public Table table() {
    return new Table(m, candidate, seed < 0 ? null : seed, task, protocol, mean(), std(),
        Arrays.stream(accuracies).boxed().toList());
  }

  public double mean() {
    return EvaluationReport.mean(accuracies);
  }

  /** Population standard deviation over the repeats (as {@link EvaluationReport#std}). */
  public double std() {
    return EvaluationReport.std(accuracies);
  }
}
