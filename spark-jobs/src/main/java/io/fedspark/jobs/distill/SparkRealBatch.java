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
import io.fedspark.math.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The real-batch pass of KRR-ST on executors ({@code distill.parallelism = real-batch}): the staged
 * source is cut on the executors into the fixed chunks of {@link ChunkedRealBatch} (chunk k as a
 * {@link ClientShard} with id k), cached as an RDD over {@code partitions} partitions, with {@code phi} broadcast once (as
 * Java-serialized bytes, {@link JavaBytes}). Each
 * outer step ships the step's {@link RealBatchPass} and sorted batch in the task closure; every
 * task returns the statistics of its chunks, and the driver merges them in chunk order. The result
 * is bit-identical to {@link ChunkedRealBatch#distill} whatever the partitioning.
 * {@link #close()} unpersists the cache and destroys the broadcast.
 */
final class SparkRealBatch implements AutoCloseable {
  private final JavaSparkContext jsc;
  private final DistillData data;
  private final JavaRDD<ClientShard> chunks;
  private final Broadcast<byte[]> phi;
  private final int chunkSize;
  private final String backend;
  private final int blasThreads;

  SparkRealBatch(JavaSparkContext jsc, DistillData data, TargetEncoder phi, int chunkSize, int partitions,
      MathBackend backend, int blasThreads) {
    this.jsc = jsc;
    this.data = data;
    this.chunkSize = chunkSize;
    this.backend = backend.name();
    this.blasThreads = blasThreads;
    int n = data.sourceSize();
    List<Integer> ids = new ArrayList<>();
    for (int k = 0; (long) k * chunkSize < n; k++) {
      ids.add(k);
    }
    // Each chunk is read from the staged source on its executor, then cached there.
    DistillData staged = data;
    int size = chunkSize;
    this.chunks = jsc.parallelize(ids, Math.max(1, Math.min(partitions, ids.size()))).map(k -> {
      LabeledDataset source = staged.sourceDataset();
      int start = k * size;
      int[] idx = new int[Math.min(size, source.size() - start)];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = start + i;
      }
      return ClientShard.of(k, source, idx);
    });
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

  /**
   * A whole run on the driver with every step's real batch on executors; the m initial rows (and
   * their labels) are gathered from the staged source by one small job.
   */
  DistillResult distill(DistillCell cell, KrrStOptions options, TargetEncoder encoder, long seed,
      OuterProgress progress) {
    long t = System.nanoTime();
    DistillData staged = data;
    Initial init = jsc.parallelize(List.of(0), 1).map(i -> Initial.of(options, staged.sourceDataset(), seed))
        .collect().get(0);
    KrrStDistiller d = KrrStDistiller.start(options, encoder, FloatMatrix.wrap(init.rows(), 0,
        init.indices().length, init.columns()), init.indices(), data.sourceSize(), seed);
    while (d.stepCount() < options.outerSteps()) {
      KrrStDistiller.OuterStep step = d.beginStep();
      double loss = d.finishStep(step, statistics(step.pass(), step.realBatch()));
      progress.step(d.stepCount(), loss, d.lastGradientNorm());
    }
    return new DistillResult(cell, d.result(), (System.nanoTime() - t) / 1e9, init.labels());
  }

  /** The initial rows of a run: their indices in the source, features (row-major) and labels. */
  record Initial(int[] indices, float[] rows, int columns, int[] labels) implements java.io.Serializable {
    static Initial of(KrrStOptions options, LabeledDataset source, long seed) {
      int[] idx = KrrStDistiller.initialIndices(options, source.size(), source.labels(), source.numClasses(), seed);
      int d = source.featureCount();
      float[] rows = new float[idx.length * d];
      int[] labels = new int[idx.length];
      for (int i = 0; i < idx.length; i++) {
        System.arraycopy(source.features(), idx[i] * d, rows, i * d, d);
        labels[i] = source.label(idx[i]);
      }
      return new Initial(idx, rows, d, labels);
    }
  }

  @Override
  public void close() {
    chunks.unpersist(false);
    phi.destroy();
  }
}
