package io.fedspark.jobs.train;

import io.fedspark.federated.train.TrainCheckpoint;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.data.ShardSet;

/**
 * A training engine that only some builds contain, besides the native one every build has: DL4J's
 * Spark engine exists for Spark 3.5 / Scala 2.12 only. An implementation is listed in
 * {@code META-INF/services/io.fedspark.jobs.train.TrainEngine} of the build that has it and found by
 * {@link TrainEngines}; nothing else in the code names its classes.
 */
interface TrainEngine {
  /** The {@code train.engine} value this engine implements. */
  TrainOptions.Engine engine();

  /**
   * Refuses, before any work, what this engine cannot do with {@code opts}.
   *
   * @throws io.fedspark.federated.config.InvalidConfigException naming the key
   */
  void checkSupported(TrainOptions opts, TestHooks hooks);

  /**
   * Trains from {@code initial} (core layout), or continues {@code resumed}, on {@code train}, and
   * writes the run's outputs through {@code out}, as the native engine does.
   */
  TrainJob.Result run(JobRun job, TrainOptions opts, String fingerprint, ShardSet train, ShardSet test, int classes,
      float[] initial, TrainCheckpoint resumed, TrainOutputs out);
}
