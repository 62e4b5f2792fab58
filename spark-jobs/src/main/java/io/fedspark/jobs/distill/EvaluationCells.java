package io.fedspark.jobs.distill;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.distillation.DistillationEvaluation;
import io.fedspark.federated.distillation.DistilledSet;
import io.fedspark.federated.distillation.EvaluationOptions;
import io.fedspark.federated.distillation.EvaluationReport;
import io.fedspark.federated.distillation.PretrainingCandidate;
import io.fedspark.federated.distillation.TargetEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link EvaluationCell} (what one Spark task of the evaluation grid does): the cell's
 * {@link PretrainingCandidate} through {@link DistillationEvaluation#evaluate}, or the linear probe
 * on phi itself ({@link DistillationEvaluation#evaluateTargetProbe}) for the target-probe cell, with
 * the run's evaluation seed, the same for every cell (common random numbers: candidates differ only
 * in what they were pretrained on). No Spark imports.
 */
public final class EvaluationCells {
  private EvaluationCells() {}

  public static List<EvaluationRecord> run(EvaluationCell cell, DistillData data, List<DistilledSet> sets,
      TargetEncoder phi, EvaluationOptions options, int kmeansIterations, long evaluationSeed) {
    LabeledDataset source = data.sourceDataset();
    DistillationEvaluation evaluation = new DistillationEvaluation(options);
    if (cell.candidate().equals(DistillationEvaluation.TARGET_PROBE)) {
      return records(cell, evaluation.evaluateTargetProbe(phi, data.tasks(), evaluationSeed));
    }
    PretrainingCandidate candidate = switch (cell.candidate()) {
      case "krr-st" -> PretrainingCandidate.distilled(sets.get(cell.run()));
      case "random-subset" -> PretrainingCandidate.randomSubset(source, cell.m(), phi);
      case "kmeans-centroids" -> PretrainingCandidate.kMeansCentroids(source, cell.m(), phi, kmeansIterations);
      case "no-pretraining" -> PretrainingCandidate.noPretraining();
      case "full-data" -> PretrainingCandidate.fullData(source, phi);
      default -> throw new IllegalArgumentException("unknown evaluation candidate " + cell.candidate());
    };
    return records(cell, evaluation.evaluate(List.of(candidate), data.tasks(), evaluationSeed));
  }

  private static List<EvaluationRecord> records(EvaluationCell cell, EvaluationReport report) {
    List<EvaluationRecord> out = new ArrayList<>();
    for (EvaluationReport.Row r : report.rows()) {
      out.add(new EvaluationRecord(cell.index(), cell.m(), cell.seed(), cell.candidate(), r.task(),
          r.protocol().configName(), r.accuracies()));
    }
    return out;
  }
}
