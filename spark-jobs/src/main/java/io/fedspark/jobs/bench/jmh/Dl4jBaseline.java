package io.fedspark.jobs.bench.jmh;

import io.fedspark.jobs.bench.TrainingRows;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.SgdOptions;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The DL4J side of {@link TrainingStepBenchmark} (engine {@code DL4J}): DL4J 1.0.0-M2's
 * {@code MultiLayerNetwork.fit(DataSet)} on the same model, parameters and batches as the core.
 * Only the Spark 3.5 / Scala 2.12 build contains DL4J; there it is listed in
 * {@code META-INF/services/io.fedspark.jobs.bench.jmh.Dl4jBaseline}, elsewhere
 * {@link #inThisBuild()} is empty and {@code bench math} runs without the DL4J figures.
 */
public interface Dl4jBaseline {
  /** Limits ND4J to {@code threads} threads; returns what it set, for the report. */
  String limitThreads(int threads);

  /**
   * A step function: each call fits the DL4J network (converted from {@code spec}, starting from
   * {@code initial} in the core's layout, plain SGD {@code sgd}) on the next prebuilt minibatch of
   * {@code batch} rows of {@code training}, cycling.
   */
  Runnable step(ModelSpec spec, SgdOptions sgd, float[] initial, TrainingRows training, int batch);

  /** The DL4J baseline of this build, if it has one. */
  static Optional<Dl4jBaseline> inThisBuild() {
    return ServiceLoader.load(Dl4jBaseline.class, Dl4jBaseline.class.getClassLoader()).findFirst();
  }
}
