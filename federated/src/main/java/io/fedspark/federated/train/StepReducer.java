package io.fedspark.federated.train;

/**
 * Runs one synchronisation over every data partition and reduces the partitions' results exactly
 * and order-independently ({@link StepAccumulator}). A backend implements it with Spark jobs, with
 * threads in one JVM, or inside a gang-scheduled stage; {@link EpochRunner} drives it.
 */
public interface StepReducer {
  /**
   * Local SGD: every partition runs batches [firstBatch, firstBatch + count) of its epoch order from
   * {@code start}; the parameters and optimizer state come back weighted by example counts.
   *
   * @param sync a number unique to this synchronisation in the run (fault hook, job names)
   */
  StepAccumulator localSteps(TrainState start, int epoch, int batchSize, int firstBatch, int count, int sync);

  /**
   * Synchronous SGD: every partition's gradient of its share of global batch {@code batch} at
   * {@code at}'s parameters, weighted by its share (under compression: compressed with the
   * partition's residual from {@code at}'s memories, the new residuals in the result's
   * {@link StepAccumulator#kept}).
   */
  StepAccumulator gradient(TrainState at, int epoch, int globalBatch, int partitions, int batch, int sync);
}
