package io.fedspark.federated.train;

/**
 * Where the partitions of data-parallel training live and run: Spark executors, threads of one JVM,
 * a gang-scheduled stage. {@link DataParallelTraining} owns the loop; a backend only runs
 * synchronisations ({@link StepReducer}) and evaluations over its partitions, and must give the same
 * numbers as any other backend for the same partitions.
 */
public interface TrainBackend extends StepReducer, AutoCloseable {
  /** A short description for logs and provenance. */
  String name();

  /** The number of training examples of each partition, in partition order. */
  int[] partitionSizes();

  /**
   * The test-set evaluation of {@code params} (confusion matrix and summed loss), or null when
   * there is no test data (Spark ML's {@code fit} trains on every row): the epoch then counts as
   * not evaluated.
   */
  ConfusionAccumulator evaluate(float[] params);

  /** Releases cached data (idempotent). */
  @Override
  void close();
}
