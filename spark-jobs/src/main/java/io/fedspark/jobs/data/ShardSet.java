package io.fedspark.jobs.data;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.partition.SkewReport;
import io.fedspark.federated.train.ConfusionAccumulator;
import io.fedspark.jobs.BroadcastReduce;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Arrays;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Shards (training partitions or clients) built and cached on the executors, shard {@code i} in
 * RDD partition {@code layout.partitionOf(i)}, with what the driver keeps of them: sizes and label
 * histograms.
 *
 * @param rdd the shards, cached (two replicas on a cluster), several per RDD partition where the layout says so
 * @param layout which RDD partition holds which shard id
 * @param sizes examples per shard, by id
 * @param histograms examples per (shard, class)
 */
public record ShardSet(JavaRDD<ClientShard> rdd, RangePartitioner layout, int[] sizes, long[][] histograms) {
  /** The number of shards. */
  public int count() {
    return sizes.length;
  }

  /** The total number of examples. */
  public long examples() {
    long n = 0;
    for (int s : sizes) {
      n += s;
    }
    return n;
  }

  /** The skew report of the shards' label histograms. */
  public SkewReport skew() {
    int[][] h = new int[histograms.length][];
    for (int i = 0; i < h.length; i++) {
      h[i] = new int[histograms[i].length];
      for (int c = 0; c < h[i].length; c++) {
        h[i][c] = Math.toIntExact(histograms[i][c]);
      }
    }
    return SkewReport.ofHistograms(h);
  }

  /**
   * The shards brought to the driver, ordered by id: for the in-process backends only, which run
   * every shard in the driver's JVM by definition (the data must then fit the driver's heap).
   */
  public List<ClientShard> collect() {
    List<ClientShard> all = new ArrayList<>(rdd.collect());
    all.sort(Comparator.comparingInt(ClientShard::clientId));
    return all;
  }

  /**
   * The evaluation of {@code params} on every shard, on the executors: the confusion matrix and
   * the summed loss (merged order-independently).
   */
  public ConfusionAccumulator evaluate(JavaSparkContext jsc, ModelSpec spec, int classes, MathOptions math,
      float[] params) {
    String backend = math.backend().name();
    int threads = math.blasThreads();
    String model = spec.toString();
    return BroadcastReduce.aggregate(jsc, rdd, params, (it, p) -> {
      MathRuntime.configure(MathBackend.valueOf(backend), threads);
      return ConfusionAccumulator.of(Model.fromParameters(ModelSpec.parse(model), p), it, classes);
    }, new ConfusionAccumulator(classes), ConfusionAccumulator::merge, 2);
  }

  /** {@link #evaluate} as the mean loss and accuracy. */
  public EvalResult evalResult(JavaSparkContext jsc, ModelSpec spec, int classes, MathOptions math, float[] params) {
    ConfusionAccumulator c = evaluate(jsc, spec, classes, math, params);
    return new EvalResult(c.meanLoss(), c.accuracy(), Math.toIntExact(c.correct()), Math.toIntExact(c.total()));
  }

  /** Releases the cached blocks. */
  public void release() {
    rdd.unpersist(false);
  }

  /**
   * Shards already held by the driver (benchmarks and tests of the engines on in-memory data), in
   * {@code partitions} contiguous id ranges: they travel in the tasks, so this is for small data;
   * jobs build their shards with {@link Sharding}.
   *
   * @param shards ordered by id (0..n-1)
   */
  public static ShardSet of(JavaSparkContext jsc, List<ClientShard> shards, int partitions, int classes) {
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i).clientId() != i) {
        throw new IllegalArgumentException("shards must be ordered by id: position " + i + " holds " + shards.get(i).clientId());
      }
    }
    int p = Math.max(1, Math.min(partitions, shards.size()));
    return cache(jsc.parallelize(shards, p), new RangePartitioner(shards.size(), p), classes);
  }

  /**
   * Two replicas on a cluster; one in local mode, where the only block manager has no peer to
   * hold a second (Spark would warn "replicated to only 0 peer(s)" for every block).
   */
  static StorageLevel storageLevel(boolean local) {
    return local ? StorageLevel.MEMORY_AND_DISK() : StorageLevel.MEMORY_AND_DISK_2();
  }

  /**
   * Caches {@code shards} (two replicas on a cluster) and brings their sizes and histograms back. A lost
   * executor's blocks are read from their replica; when both copies are gone (two executors lost
   * before Spark re-replicated, as the chaos test on the cluster does) the partition is rebuilt from
   * its lineage: the same rows in the same seeded order, so the same shard. The lineage is therefore
   * kept (a {@code localCheckpoint()} would turn that double loss into "Checkpoint block not found"),
   * except where a barrier stage needs it cut (below).
   */
  static ShardSet cache(JavaRDD<ClientShard> shards, RangePartitioner layout, int classes) {
    return cache(shards, layout, classes, false);
  }

  /**
   * As {@link #cache(JavaRDD, RangePartitioner, int)}; with {@code cutLineage} the lineage is cut
   * (a local checkpoint of the two replicas), for shards a barrier stage must read although their
   * lineage changes the number of partitions (a pruned view of a shared RDD). Such shards cannot be
   * rebuilt when both replicas of a block are lost: the job then fails naming the block.
   */
  static ShardSet cache(JavaRDD<ClientShard> shards, RangePartitioner layout, int classes, boolean cutLineage) {
    shards.persist(storageLevel(shards.context().isLocal()));
    if (cutLineage) {
      shards.rdd().localCheckpoint();
    }
    List<Tuple2<Integer, long[]>> meta = shards.map(s -> {
      long[] h = new long[classes];
      for (int y : s.labels()) {
        h[y]++;
      }
      return new Tuple2<>(s.clientId(), h);
    }).collect();
    int n = meta.size();
    int[] sizes = new int[n];
    long[][] histograms = new long[n][];
    Map<Integer, long[]> byId = new TreeMap<>();
    meta.forEach(t -> byId.put(t._1(), t._2()));
    for (int i = 0; i < n; i++) {
      long[] h = byId.get(i);
      if (h == null) {
        throw new IllegalStateException("shard " + i + " of " + n + " is missing");
      }
      histograms[i] = h;
      sizes[i] = (int) Arrays.stream(h).sum();
    }
    return new ShardSet(shards, layout, sizes, histograms);
  }
}
