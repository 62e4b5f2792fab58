package io.fedspark.jobs.distill;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.distillation.DistilledSet;
import io.fedspark.federated.distillation.KrrStDistiller;
import io.fedspark.federated.distillation.KrrStOptions;
import io.fedspark.federated.distillation.RealBatchPass;
import io.fedspark.federated.distillation.RealBatchStatistics;
import io.fedspark.federated.distillation.TargetEncoder;
import io.fedspark.math.FloatMatrix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The real batch of a KRR-ST outer step ({@link RealBatchPass}) reduced the same way in-process and
 * on Spark, so that both give bit-identical distilled sets. The source data is cut into fixed
 * chunks of {@code chunkSize} consecutive examples (chunk k holds examples
 * {@code [k c, (k+1) c)}), a layout that depends only on the configuration. The batch rows of a
 * chunk go through {@code RealBatchPass.accumulate} as one block, in index order, and the chunks'
 * statistics are merged in chunk order. The float features of a row depend on the number of rows
 * in its block (BLAS kernels), and double sums on their order; both are fixed here, whatever the
 * number of Spark partitions or executors that hold the chunks. No Spark imports.
 */
public final class ChunkedRealBatch {
  private ChunkedRealBatch() {}

  /**
   * The statistics of the batch examples in chunk {@code [start, start + rows)}, or null if the
   * batch has none there.
   *
   * @param features holds the chunk's rows; example {@code g} is row {@code g - firstIndex}
   * @param cols features per example
   * @param firstIndex the example index of row 0 of {@code features}
   * @param batch the step's real batch, sorted
   */
  public static RealBatchStatistics chunk(RealBatchPass pass, TargetEncoder phi, float[] features, int cols,
      int firstIndex, int start, int rows, int[] batch) {
    int lo = lowerBound(batch, start);
    int hi = lowerBound(batch, start + rows);
    if (lo == hi) {
      return null;
    }
    int n = hi - lo;
    FloatMatrix x = new FloatMatrix(n, cols);
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      int g = batch[lo + i];
      System.arraycopy(features, (g - firstIndex) * cols, x.data(), i * cols, cols);
      ids[i] = g;
    }
    return pass.accumulate(x, ids, phi);
  }

  /** Merges per-chunk statistics in chunk order (the order of the argument does not matter). */
  public static RealBatchStatistics merge(RealBatchPass pass, List<ChunkStatistics> chunks) {
    List<ChunkStatistics> sorted = new ArrayList<>(chunks);
    sorted.sort(Comparator.comparingInt(ChunkStatistics::chunk));
    RealBatchStatistics total = pass.emptyStatistics();
    for (ChunkStatistics c : sorted) {
      total.merge(c.statistics());
    }
    return total;
  }

  /** The whole real batch of a step on in-memory data, chunk by chunk. */
  public static RealBatchStatistics inProcess(RealBatchPass pass, TargetEncoder phi, LabeledDataset source,
      int chunkSize, int[] batch) {
    int n = source.size();
    List<ChunkStatistics> parts = new ArrayList<>();
    for (int k = 0; (long) k * chunkSize < n; k++) {
      int start = k * chunkSize;
      RealBatchStatistics s = chunk(pass, phi, source.features(), source.featureCount(), 0, start,
          Math.min(chunkSize, n - start), batch);
      if (s != null) {
        parts.add(new ChunkStatistics(k, s));
      }
    }
    return merge(pass, parts);
  }

  /**
   * A whole KRR-ST run in this JVM with the chunked real batch (what one Spark task of
   * {@code parallelism = runs} does).
   */
  public static DistilledSet distill(KrrStOptions options, TargetEncoder phi, LabeledDataset source, long seed,
      int chunkSize, OuterProgress progress) {
    KrrStDistiller d = KrrStDistiller.start(options, phi, source, seed);
    while (d.stepCount() < options.outerSteps()) {
      KrrStDistiller.OuterStep step = d.beginStep();
      RealBatchStatistics real = inProcess(step.pass(), phi, source, chunkSize, step.realBatch());
      double loss = d.finishStep(step, real);
      progress.step(d.stepCount(), loss, d.lastGradientNorm());
    }
    return d.result();
  }

  private static int lowerBound(int[] sorted, int value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
