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
 * ({@code train.exchange = jobs}): the training and test shards are cached once (lineage cut, two
 * replicas), and each synchronisation is a {@link BroadcastReduce} of {@link PartitionStep} over
 * the training RDD with an exact, order-independent {@link StepAccumulator}.
 */
public final class SparkTrainBackend implements TrainBackend {
  private final JavaSparkContext jsc;
  private final JavaRDD<ClientShard> train;
  private final JavaRDD<ClientShard> test;
  private final int[] sizes;
  private final PartitionStep step;
  private final String modelSpec;
  private final int classes;
  private final MathOptions math;

  /**
   * @param train one shard per partition (cached here)
   * @param test the test shards (cached here)
   */
  public SparkTrainBackend(JavaSparkContext jsc, JavaRDD<ClientShard> train, JavaRDD<ClientShard> test, int[] sizes,
      PartitionStep step, ModelSpec spec, int classes, MathOptions math) {
    this.jsc = jsc;
    this.train = cache(train);
    this.test = cache(test);
    this.sizes = sizes.clone();
    this.step = step;
    this.modelSpec = spec.toString();
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
  public StepAccumulator gradient(float[] params, int epoch, int globalBatch, int partitions, int batch, int sync) {
    PartitionStep s = step;
    return BroadcastReduce.aggregate(jsc, train, params,
        (it, p) -> s.gradient(it, p, epoch, globalBatch, partitions, batch, sync, attempt()),
        new StepAccumulator(), StepAccumulator::merge, 2);
  }

  @Override
  public ConfusionAccumulator evaluate(float[] params) {
    return evaluate(jsc, test, modelSpec, classes, math, params);
  }

  /** The evaluation of {@code params} on every shard of {@code shards}, on the executors. */
  static ConfusionAccumulator evaluate(JavaSparkContext jsc, JavaRDD<ClientShard> shards, String spec, int classes,
      MathOptions math, float[] params) {
    String backend = math.backend().name();
    int threads = math.blasThreads();
    return BroadcastReduce.aggregate(jsc, shards, params, (it, p) -> {
      MathRuntime.configure(MathBackend.valueOf(backend), threads);
      return ConfusionAccumulator.of(Model.fromParameters(ModelSpec.parse(spec), p), it, classes);
    }, new ConfusionAccumulator(classes), ConfusionAccumulator::merge, 2);
  }

  /** The running task's attempt (for the fault hook). */
  static TaskAttempt attempt() {
    TaskContext tc = TaskContext.get();
    return tc == null ? null : new TaskAttempt(tc.partitionId(), tc.attemptNumber());
  }

  /**
   * Caches shards once with the lineage cut (tasks then carry no training data). Without lineage a
   * lost executor's blocks cannot be recomputed, so every block is kept on two executors.
   */
  static JavaRDD<ClientShard> cache(JavaRDD<ClientShard> rdd) {
    rdd.persist(StorageLevel.MEMORY_AND_DISK_2());
    rdd.rdd().localCheckpoint();
    rdd.count();
    return rdd;
  }

  @Override
  public void close() {
    train.unpersist(false);
    test.unpersist(false);
  }

  @Override
  public String toString() {
    return name() + " " + Arrays.toString(sizes);
  }
}
