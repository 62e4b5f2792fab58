package io.fedspark.federated.train;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs the partitions of data-parallel training on a thread pool in this JVM: partition p is
 * {@code shards.get(p)}, exactly as on Spark, and the results are reduced by the same exact sums,
 * so the model is bit-identical to the Spark backend's. For tests, small data and the Spark ML
 * estimators' local fits.
 */
public final class InProcessTrainBackend implements TrainBackend {
  private final List<ClientShard> train;
  private final List<ClientShard> test;
  private final PartitionStep step;
  private final String modelSpec;
  private final int classes;
  private final ExecutorService pool;

  /**
   * @param train one shard per partition, in partition order
   * @param test the test split's shards
   * @param threads worker threads
   */
  public InProcessTrainBackend(List<ClientShard> train, List<ClientShard> test, PartitionStep step, String modelSpec,
      int classes, int threads) {
    this.train = List.copyOf(train);
    this.test = List.copyOf(test);
    this.step = step;
    this.modelSpec = modelSpec;
    this.classes = classes;
    this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "fedspark-train");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public String name() {
    return "in-process(" + train.size() + " partitions)";
  }

  @Override
  public int[] partitionSizes() {
    return train.stream().mapToInt(ClientShard::size).toArray();
  }

  @Override
  public StepAccumulator localSteps(TrainState start, int epoch, int batchSize, int firstBatch, int count, int sync) {
    return each(train, s -> step.localSteps(List.of(s).iterator(), start, epoch, batchSize, firstBatch, count, sync, null));
  }

  @Override
  public StepAccumulator gradient(TrainState at, int epoch, int globalBatch, int partitions, int batch, int sync) {
    return each(train, s -> step.gradient(List.of(s).iterator(), at, epoch, globalBatch, partitions, batch, sync, null));
  }

  @Override
  public ConfusionAccumulator evaluate(float[] params) {
    ConfusionAccumulator total = new ConfusionAccumulator(classes);
    List<Future<ConfusionAccumulator>> parts = new ArrayList<>();
    for (ClientShard s : test) {
      parts.add(pool.submit(() -> ConfusionAccumulator.of(
          Model.fromParameters(ModelSpec.parse(modelSpec), params), List.of(s).iterator(), classes)));
    }
    for (Future<ConfusionAccumulator> f : parts) {
      total.merge(join(f));
    }
    return total;
  }

  private StepAccumulator each(List<ClientShard> shards, Function<ClientShard, StepAccumulator> work) {
    List<Future<StepAccumulator>> parts = new ArrayList<>();
    for (ClientShard s : shards) {
      parts.add(pool.submit(() -> work.apply(s)));
    }
    StepAccumulator total = new StepAccumulator();
    for (Future<StepAccumulator> f : parts) {
      total.merge(join(f));
    }
    return total;
  }

  private static <T> T join(Future<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
