package io.fedspark.jobs.train;

import io.fedspark.federated.train.TrainCheckpoint;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.data.ShardSet;

/**
 * {@code train.engine = dl4j} in the registry of engines ({@link TrainEngines}): DL4J 1.0.0-M2's
 * Spark engine, run by {@link Dl4jTrainer}. Part of the Spark 3.5 / Scala 2.12 build only (DL4J's
 * Spark module exists for nothing newer); listed in
 * {@code META-INF/services/io.fedspark.jobs.train.TrainEngine}. Public only for the service loader.
 */
public final class Dl4jEngine implements TrainEngine {
  /** For the service loader. */
  public Dl4jEngine() {}

  @Override
  public TrainOptions.Engine engine() {
    return TrainOptions.Engine.DL4J;
  }

  @Override
  public void checkSupported(TrainOptions opts, TestHooks hooks) {
    Dl4jTrainer.checkSupported(opts, hooks);
  }

  @Override
  public TrainJob.Result run(JobRun job, TrainOptions opts, String fingerprint, ShardSet train, ShardSet test,
      int classes, float[] initial, TrainCheckpoint resumed, TrainOutputs out) {
    return new Dl4jTrainer(job, opts, fingerprint).run(train, test, classes, initial, resumed, out);
  }
}
