package io.fedspark.jobs.kryo;

import java.util.List;

/**
 * The classes registered with Kryo, in a fixed order (registration ids depend on it). Add a class
 * here when it starts to travel between driver and executors.
 */
public final class RegisteredClasses {
  private RegisteredClasses() {}

  /** Every registered class; the order is part of the wire format within one job. */
  public static final List<Class<?>> ALL =
      List.of(
          float[].class,
          float[][].class,
          int[].class,
          long[].class,
          double[].class,
          byte[].class,
          Object[].class,
          java.util.ArrayList.class,
          io.fedspark.federated.aggregate.WeightedParameterSum.class,
          io.fedspark.federated.client.ClientShard.class,
          io.fedspark.federated.client.ClientUpdate.class,
          io.fedspark.federated.engine.RoundAccumulator.class,
          io.fedspark.jobs.federate.ClientScores.class,
          io.fedspark.federated.train.StepAccumulator.class,
          io.fedspark.federated.train.TrainState.class,
          io.fedspark.federated.train.ConfusionAccumulator.class,
          io.fedspark.federated.aggregate.WeightedParameterSum[].class,
          String[].class,
          io.fedspark.jobs.unlearn.UnlearnBroadcast.class,
          io.fedspark.jobs.unlearn.UnlearnCell.class,
          io.fedspark.jobs.unlearn.UnlearnRow.class,
          io.fedspark.jobs.unlearn.UnlearnCell[].class,
          io.fedspark.jobs.unlearn.UnlearnRow[].class,
          io.fedspark.jobs.unlearn.ClientAuditBroadcast.class,
          io.fedspark.jobs.unlearn.ClientAuditCell.class,
          io.fedspark.jobs.unlearn.ClientAuditCell[].class,
          io.fedspark.federated.client.ClientShard[].class,
          io.fedspark.federated.distillation.DistilledSet.class,
          io.fedspark.federated.distillation.DistilledSet[].class,
          io.fedspark.federated.distillation.RealBatchStatistics.class,
          io.fedspark.jobs.distill.ChunkStatistics.class,
          io.fedspark.jobs.distill.ChunkStatistics[].class,
          io.fedspark.jobs.distill.DistillData.class,
          io.fedspark.jobs.distill.DistillCell.class,
          io.fedspark.jobs.distill.DistillResult.class,
          io.fedspark.jobs.distill.DistillResult[].class,
          io.fedspark.jobs.distill.EvaluationCell.class,
          io.fedspark.jobs.distill.EvaluationRecord.class,
          io.fedspark.jobs.distill.EvaluationRecord[].class,
          io.fedspark.federated.data.Example.class,
          io.fedspark.jobs.data.OrderKey.class,
          io.fedspark.federated.aggregate.PartialSums.class,
          io.fedspark.jobs.data.TableStats.class,
          java.util.TreeMap.class,
          long[][].class,
          scala.Tuple2.class,
          io.fedspark.jobs.data.StagedTable.class,
          io.fedspark.jobs.unlearn.OriginalModel.class,
          io.fedspark.jobs.unlearn.ClientAuditCells.Original.class,
          io.fedspark.jobs.unlearn.ForgetSetSearches.Request.class,
          io.fedspark.jobs.unlearn.ForgetSetSearches.Found.class,
          io.fedspark.federated.train.PartitionMemory.class,
          io.fedspark.federated.train.PartitionMemory[].class);
}
