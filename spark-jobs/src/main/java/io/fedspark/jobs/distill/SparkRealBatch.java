package io.fedspark.jobs.distill;

import io.fedspark.jobs.kryo.JavaBytes;
import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.distillation.DistilledSet;
import io.fedspark.federated.distillation.KrrStDistiller;
import io.fedspark.federated.distillation.KrrStOptions;
import io.fedspark.federated.distillation.RealBatchPass;
import io.fedspark.federated.distillation.RealBatchStatistics;
import io.fedspark.federated.distillation.TargetEncoder;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The real-batch pass of KRR-ST on executors ({@code distill.parallelism = real-batch}): the source
 * is cut into the fixed chunks of {@link ChunkedRealBatch} (chunk k as a {@link ClientShard} with
 * id k), cached as an RDD over {@code partitions} partitions, with {@code phi} broadcast once (as
 * Java-serialized bytes, {@link JavaBytes}). Each
 * outer step ships the step's {@link RealBatchPass} and sorted batch in the task closure; every
 * task returns the statistics of its chunks, and the driver merges them in chunk order. The result
 * is bit-identical to {@link ChunkedRealBatch#distill} whatever the partitioning.
 * {@link #close()} unpersists the cache and destroys the broadcast.
 */
final class SparkRealBatch implements AutoCloseable {
  private final JavaSparkContext jsc;
  private final JavaRDD<ClientShard> chunks;
  private final Broadcast<byte[]> phi;
  private final int chunkSize;
  private final String backend;
  private final int blasThreads;

  SparkRealBatch(JavaSparkContext jsc, LabeledDataset source, TargetEncoder phi, int chunkSize, int partitions,
      MathBackend backend, int blasThreads) {
    this.jsc = jsc;
    this.chunkSize = chunkSize;
    this.backend = backend.name();
    this.blasThreads = blasThreads;
    int n = source.size();
    List<ClientShard> list = new ArrayList<>();
    for (int k = 0; (long) k * chunkSize < n; k++) {
      int start = k * chunkSize;
      int[] idx = new int[Math.min(chunkSize, n - start)];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = start + i;
      }
      list.add(ClientShard.of(k, source, idx));
    }
    this.chunks = jsc.parallelize(list, Math.max(1, Math.min(partitions, list.size())));
    chunks.persist(StorageLevel.MEMORY_AND_DISK());
    this.phi = jsc.broadcast(JavaBytes.of(phi));
  }

  /** The statistics of one step's real batch, computed on executors. */
  RealBatchStatistics statistics(RealBatchPass pass, int[] batch) {
    int c = chunkSize;
    String backendName = backend;
    int threads = blasThreads;
    Broadcast<byte[]> bc = phi;
    List<ChunkStatistics> parts = chunks.mapPartitions(it -> {
      MathRuntime.configure(MathBackend.valueOf(backendName), threads);
      List<ChunkStatistics> out = new ArrayList<>();
      TargetEncoder p = JavaBytes.read(bc.value(), TargetEncoder.class);
      while (it.hasNext()) {
        ClientShard s = it.next();
        int start = s.clientId() * c;
        RealBatchStatistics st = ChunkedRealBatch.chunk(pass, p, s.features(), s.featureCount(), start, start,
            s.size(), batch);
        if (st != null) {
          out.add(new ChunkStatistics(s.clientId(), st));
        }
      }
      return out.iterator();
    }).collect();
    return ChunkedRealBatch.merge(pass, parts);
  }

  /** A whole run on the driver with every step's real batch on executors. */
  DistilledSet distill(KrrStOptions options, TargetEncoder encoder, LabeledDataset source, long seed,
      OuterProgress progress) {
    KrrStDistiller d = KrrStDistiller.start(options, encoder, source, seed);
    while (d.stepCount() < options.outerSteps()) {
      KrrStDistiller.OuterStep step = d.beginStep();
      double loss = d.finishStep(step, statistics(step.pass(), step.realBatch()));
      progress.step(d.stepCount(), loss, d.lastGradientNorm());
    }
    return d.result();
  }

  @Override
  public void close() {
    chunks.unpersist(false);
    phi.destroy();
  }
}
