package io.fedspark.jobs.unlearn;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.unlearning.PerExampleLoss;
import io.fedspark.federated.client.ClientShard;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The per-example loss pass of the worst-case search on executors: the training set is cut into
 * contiguous blocks cached as an RDD; each pass broadcasts the parameters, computes
 * {@link PerExampleLoss#compute} per block and concatenates the blocks in index order (the same
 * values as the in-process pass, block by block). {@link #close()} unpersists the cache.
 */
final class SparkLossPass implements PerExampleLoss.Pass, AutoCloseable {
  private final JavaSparkContext jsc;
  private final JavaRDD<ClientShard> shards;
  private final String spec;
  private final int n;
  private final String backend;
  private final int blasThreads;

  SparkLossPass(JavaSparkContext jsc, ModelSpec spec, LabeledDataset train, int partitions, MathBackend backend,
      int blasThreads) {
    this.jsc = jsc;
    this.spec = spec.toString();
    this.n = train.size();
    this.backend = backend.name();
    this.blasThreads = blasThreads;
    int parts = Math.max(1, Math.min(partitions, n));
    List<ClientShard> blocks = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) n * p / parts);
      int to = (int) ((long) n * (p + 1) / parts);
      int[] idx = new int[to - from];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = from + i;
      }
      blocks.add(ClientShard.of(p, train, idx));
    }
    this.shards = jsc.parallelize(blocks, parts);
    shards.persist(StorageLevel.MEMORY_AND_DISK());
  }

  @Override
  public float[] losses(float[] params) {
    Broadcast<float[]> bc = jsc.broadcast(params);
    String specText = spec;
    String backendName = backend;
    int threads = blasThreads;
    try {
      List<float[]> parts = shards.map(s -> {
        MathRuntime.configure(MathBackend.valueOf(backendName), threads);
        return PerExampleLoss.compute(ModelSpec.parse(specText), bc.value(), s.features(), s.labels());
      }).collect();
      float[] out = new float[n];
      int k = 0;
      for (float[] p : parts) {
        System.arraycopy(p, 0, out, k, p.length);
        k += p.length;
      }
      if (k != n) {
        throw new IllegalStateException("distributed loss pass: " + k + " losses for " + n + " examples");
      }
      return out;
    } finally {
      bc.destroy();
    }
  }

  @Override
  public void close() {
    shards.unpersist(false);
  }
}
