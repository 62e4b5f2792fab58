package io.fedspark.jobs.train;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.train.ConfusionAccumulator;
import io.fedspark.federated.train.PartitionStep;
import io.fedspark.federated.train.StepAccumulator;
import io.fedspark.federated.train.TaskAttempt;
import io.fedspark.federated.train.TrainBackend;
import io.fedspark.federated.train.TrainState;
import io.fedspark.jobs.BroadcastReduce;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.data.ShardSet;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import java.util.Arrays;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Runs data-parallel training's partitions as Spark tasks, one Spark job per synchronisation
 * ({@code train.exchange = jobs}): the training and test shards are built and cached on the
 * executors ({@link io.fedspark.jobs.data.Sharding}), and each synchronisation is a {@link BroadcastReduce} of {@link PartitionStep} over
 * the training RDD with an exact, order-independent {@link StepAccumulator}.
 */
public final class SparkTrainBackend implements TrainBackend {
  private final JavaSparkContext jsc;
  private final ShardSet trainShards;
  private final ShardSet testShards;
  private final JavaRDD<ClientShard> train;
  private final int[] sizes;
  private final PartitionStep step;
  private final ModelSpec spec;
  private final int classes;
  private final MathOptions math;

  /**
   * @param train one shard per partition, built and cached on the executors
   * @param test the test shards, or null without test data ({@link #evaluate} then returns null)
   */
  public SparkTrainBackend(JavaSparkContext jsc, ShardSet train, ShardSet test, PartitionStep step, ModelSpec spec,
      int classes, MathOptions math) {
    this.jsc = jsc;
    this.trainShards = train;
    this.testShards = test;
    this.train = train.rdd();
    this.sizes = train.sizes();
    this.step = step;
    this.spec = spec;
    this.classes = classes;
    this.math = math;
  }

  @Override
  public String name() {
    return "spark(" + jsc.master() + ", " + sizes.length + " partitions, one job per synchronisation)";
  }

  @Override
  public int[] partitionSizes() {
    return sizes.clone();
  }

  @Override
  public StepAccumulator localSteps(TrainState start, int epoch, int batchSize, int firstBatch, int count, int sync) {
    PartitionStep s = step;
    return BroadcastReduce.aggregate(jsc, train, start,
        (it, st) -> s.localSteps(it, st, epoch, batchSize, firstBatch, count, sync, attempt()),
        new StepAccumulator(), StepAccumulator::merge, 2);
  }

  @Override
  public StepAccumulator gradient(TrainState at, int epoch, int globalBatch, int partitions, int batch, int sync) {
    PartitionStep s = step;
    return BroadcastReduce.aggregate(jsc, train, at,
        (it, st) -> s.gradient(it, st, epoch, globalBatch, partitions, batch, sync, attempt()),
        new StepAccumulator(), StepAccumulator::merge, 2);
  }

  @Override
  public ConfusionAccumulator evaluate(float[] params) {
    return testShards == null ? null : testShards.evaluate(jsc, spec, classes, math, params);
  }

  /** The running task's attempt (for the fault hook). */
  static TaskAttempt attempt() {
    TaskContext tc = TaskContext.get();
    return tc == null ? null : new TaskAttempt(tc.partitionId(), tc.attemptNumber());
  }

  @Override
  public void close() {
    trainShards.release();
    if (testShards != null) {
      testShards.release();
    }
  }

  @Override
  public String toString() {
    return name() + " " + Arrays.toString(sizes);
  }
}
