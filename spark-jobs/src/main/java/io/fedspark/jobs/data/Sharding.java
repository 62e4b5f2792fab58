package io.fedspark.jobs.data;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.data.Example;
import io.fedspark.federated.partition.Allocation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Builds shards from a table's examples on the executors, in a layout that depends on the rows
 * alone (their {@link io.fedspark.federated.data.RowKey keys}), never on files, input partitions
 * or executors:
 *
 * <ul>
 *   <li><b>ranks</b>: one shuffle spreads the examples over ranges of their seeded hash
 *       ({@link HashRangePartitioner}) and sorts each range by {@link OrderKey} (class first when
 *       the plan ranks within classes); a small counting job gives each range's per-class counts,
 *       from which every example's rank in the seeded order follows;
 *   <li><b>training partitions</b>: rank r goes to partition {@code r * P / n} (equal sizes +-1, as
 *       {@code parallelize} slices), a second shuffle sorts it there by rank;
 *   <li><b>clients</b> of a seeded scheme: the example of class c at rank r goes to
 *       {@link Allocation#clientOf}(c, r); of the natural scheme: to its client value's index among
 *       the sorted kept values. Clients are cut into contiguous id ranges over the RDD partitions
 *       ({@link RangePartitioner}); each client's examples are sorted by {@link Example#order}.
 * </ul>
 *
 * <p>The result is cached once with the lineage cut (two replicas), and only sizes and label
 * histograms reach the driver.
 */
public final class Sharding {
  private Sharding() {}

  /**
   * {@code examples} cut into {@code partitions} equal training partitions in the seeded order of
   * {@code salt}.
   *
   * @param count the number of examples (known from validation)
   */
  public static ShardSet partitions(JavaRDD<Example> examples, long count, int partitions, long salt, int cols,
      int classes) {
    if (count < partitions) {
      throw new IllegalArgumentException("cannot cut " + count + " examples into " + partitions + " partitions");
    }
    RangePartitioner layout = new RangePartitioner(count, partitions);
    JavaPairRDD<Long, Example> byRank = ranked(examples, salt, false, 1, examples.getNumPartitions())
        .mapToPair(t -> new Tuple2<>(t._1()[1], t._2()));
    JavaRDD<ClientShard> shards = byRank.repartitionAndSortWithinPartitions(layout)
        .mapPartitionsWithIndex((Integer p, Iterator<Tuple2<Long, Example>> it) -> {
          List<Example> rows = new ArrayList<>();
          it.forEachRemaining(t -> rows.add(t._2()));
          return List.of(ClientShard.of(p, rows, cols, classes)).iterator();
        }, true);
    return ShardSet.cache(shards, layout, classes);
  }

  /** {@code examples} cut into the clients of a seeded scheme's plan. */
  public static ShardSet clients(JavaRDD<Example> examples, Allocation plan, int sparkPartitions, long salt, int cols,
      int classes) {
    int groups = plan.byClass() ? classes : 1;
    boolean byClass = plan.byClass();
    JavaPairRDD<Integer, Example> owned = ranked(examples, salt, byClass, groups, examples.getNumPartitions())
        .mapToPair(t -> new Tuple2<>(plan.clientOf((int) (long) t._1()[0], t._1()[1]), t._2()));
    return clientShards(owned, plan.numClients(), sparkPartitions, salt, cols, classes);
  }

  /**
   * {@code examples} (with their client values) cut into one client per kept value: client i is
   * {@code kept[i]}, values not kept (too few examples) are left out.
   *
   * @param kept the kept client values, sorted
   */
  public static ShardSet naturalClients(JavaRDD<Tuple2<String, Example>> examples, String[] kept, int sparkPartitions,
      long salt, int cols, int classes) {
    JavaPairRDD<Integer, Example> owned = examples
        .mapToPair(t -> new Tuple2<>(Arrays.binarySearch(kept, t._1()), t._2()))
        .filter(t -> t._1() >= 0);
    return clientShards(owned, kept.length, sparkPartitions, salt, cols, classes);
  }

  /**
   * Every example with (group, rank within its group) in the seeded order of {@code salt}: one
   * shuffle into hash ranges sorted by {@link OrderKey}, one job counting each range's groups.
   */
  private static JavaPairRDD<long[], Example> ranked(JavaRDD<Example> examples, long salt, boolean byClass, int groups,
      int ranges) {
    JavaPairRDD<OrderKey, Example> sorted = examples
        .mapToPair(e -> new Tuple2<>(OrderKey.of(byClass ? e.label() : 0, e, salt), e))
        .repartitionAndSortWithinPartitions(new HashRangePartitioner(ranges));
    List<long[]> perRange = sorted.mapPartitions((Iterator<Tuple2<OrderKey, Example>> it) -> {
      long[] c = new long[groups];
      it.forEachRemaining(t -> c[t._1().group()]++);
      return List.of(c).iterator();
    }).collect();
    long[][] offsets = new long[perRange.size()][groups];
    long[] running = new long[groups];
    for (int p = 0; p < perRange.size(); p++) {
      offsets[p] = running.clone();
      for (int g = 0; g < groups; g++) {
        running[g] += perRange.get(p)[g];
      }
    }
    return sorted.mapPartitionsWithIndex((Integer p, Iterator<Tuple2<OrderKey, Example>> it) -> {
      long[] next = offsets[p].clone();
      return new Iterator<Tuple2<long[], Example>>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Tuple2<long[], Example> next() {
          Tuple2<OrderKey, Example> t = it.next();
          int g = t._1().group();
          return new Tuple2<>(new long[] {g, next[g]++}, t._2());
        }
      };
    }, true).mapToPair(t -> t);
  }

  /** Examples keyed by client id into client shards, contiguous id ranges per RDD partition. */
  private static ShardSet clientShards(JavaPairRDD<Integer, Example> owned, int numClients, int sparkPartitions,
      long salt, int cols, int classes) {
    RangePartitioner layout = new RangePartitioner(numClients, Math.max(1, Math.min(sparkPartitions, numClients)));
    JavaRDD<ClientShard> shards = owned.partitionBy(layout)
        .mapPartitionsWithIndex((Integer p, Iterator<Tuple2<Integer, Example>> it) -> {
          TreeMap<Integer, List<Example>> byClient = new TreeMap<>();
          it.forEachRemaining(t -> byClient.computeIfAbsent(t._1(), k -> new ArrayList<>()).add(t._2()));
          long from = layout.start(p);
          long to = p + 1 < layout.numPartitions() ? layout.start(p + 1) : numClients;
          List<ClientShard> out = new ArrayList<>((int) (to - from));
          for (int k = (int) from; k < to; k++) {
            List<Example> rows = byClient.getOrDefault(k, new ArrayList<>());
            rows.sort(Example.order(salt));
            out.add(ClientShard.of(k, rows, cols, classes));
          }
          return out.iterator();
        }, true);
    return ShardSet.cache(shards, layout, classes);
  }

}
