package io.fedspark.jobs.distill;

import io.fedspark.federated.distillation.EvaluationReport;

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

  public double mean() {
    return EvaluationReport.mean(accuracies);
  }

  /** Population standard deviation over the repeats (as {@link EvaluationReport#std}). */
  public double std() {
    return EvaluationReport.std(accuracies);
  }
}
