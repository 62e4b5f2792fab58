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
          io.fedspark.jobs.unlearn.ForgetSetSearches.Found.class);

  // What DL4J's Spark engine (train.engine = dl4j) sends through Spark's serializer, found by
  // running it with registration required: the minibatches (persisted serialized, shuffled by DL4J's
  // repartitioning), the broadcast network and the workers' aggregated results. Registered after ALL,
  // in this order, by FedsparkKryoRegistrator.

  /** ND4J's CPU array, written by nd4j-kryo's {@code Nd4jSerializer} (ND4J's binary format). */
  public static final Class<?> ND4J_ARRAY = org.nd4j.linalg.cpu.nativecpu.NDArray.class;

  /** DL4J's minibatch: Kryo's field serializer (features and labels are {@link #ND4J_ARRAY}s, names ArrayLists). */
  public static final List<Class<?>> DL4J_FIELD_SERIALIZED = List.of(org.nd4j.linalg.dataset.DataSet.class);

  /**
   * DL4J's control objects, written with Java serialization: the broadcast network (configuration,
   * parameters, updater state) and the aggregated worker results. Their object graphs are DL4J
   * configuration internals; they travel once per averaging round, so the cost does not matter.
   */
  public static final List<Class<?>> DL4J_JAVA_SERIALIZED =
      List.of(
          org.deeplearning4j.spark.api.worker.NetBroadcastTuple.class,
          org.deeplearning4j.spark.impl.paramavg.aggregator.ParameterAveragingAggregationTuple.class);
}
