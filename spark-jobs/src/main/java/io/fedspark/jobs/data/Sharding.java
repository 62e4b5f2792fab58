package io.fedspark.jobs.data;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.data.Example;
import io.fedspark.federated.partition.Allocation;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import scala.Tuple2;
import scala.Tuple3;

/**
 * Builds shards from a table's examples on the executors, in a layout that depends on the rows
 * alone (their {@link io.fedspark.federated.data.RowKey keys}), never on files, input partitions
 * or executors:
 *
 * <ul>
 *   <li><b>ranks</b>: one shuffle spreads the examples over ranges of their seeded hash
 *       ({@link HashRangePartitioner}) and sorts each range by {@link OrderKey} (class first when
 *       the plan ranks within classes); each range's per-group counts give every example's rank in
 *       the seeded order. The validation pass counts the ranges of the training and test orders
 *       ({@link RangeCounts}); other orders are counted by a small job over the sorted ranges;
 *   <li><b>training partitions</b>: rank r goes to partition {@code r * P / n} (equal sizes +-1, as
 *       {@code parallelize} slices), a second shuffle sorts it there by rank. A test split of the
 *       same table is ranked in the same shuffles, as a second group ({@link #trainAndTest}): the
 *       table is read once for both;
 *   <li><b>clients</b> of a seeded scheme: the example of class c at rank r goes to
 *       {@link Allocation#clientOf}(c, r); of the natural scheme: to its client value's index among
 *       the sorted kept values. Clients are cut into contiguous id ranges over the RDD partitions
 *       ({@link RangePartitioner}); each client's examples are sorted by {@link Example#order}. The
 *       natural clients and a test split of the same table share one read and one shuffle
 *       ({@link #naturalClientsAndTest}).
 * </ul>
 *
 * <p>The result is cached once with the lineage cut (two replicas), and only sizes and label
 * histograms reach the driver.
 */
public final class Sharding {
  /** The purpose of the seed of the training rows' order into training partitions. */
  public static final String TRAIN_ORDER = "train-partition";
  /** The purpose of the seed of the test rows' order into evaluation partitions. */
  public static final String TEST_ORDER = "test-partition";

  private Sharding() {}

  /**
   * {@code examples} cut into {@code partitions} equal training partitions in the seeded order of
   * {@code salt}.
   *
   * @param count the number of examples (known from validation)
   */
  public static ShardSet partitions(JavaRDD<Example> examples, long count, int partitions, long salt, int cols,
      int classes) {
    return partitions(examples, count, partitions, salt, null, cols, classes);
  }

  /**
   * {@link #partitions(JavaRDD, long, int, long, int, int)} with the examples per hash range
   * already counted ({@code rangeCounts}, ranges of {@link HashRangePartitioner}; null: counted here).
   */
  static ShardSet partitions(JavaRDD<Example> examples, long count, int partitions, long salt, long[] rangeCounts,
      int cols, int classes) {
    return partitions(examples, count, partitions, partitions, salt, rangeCounts, cols, classes);
  }

  /**
   * {@link #partitions(JavaRDD, long, int, long, long[], int, int)} with the {@code partitions}
   * shards held by {@code groups} RDD partitions (contiguous shards, as {@link RangePartitioner}
   * cuts them): the same shards, fewer tasks.
   */
  static ShardSet partitions(JavaRDD<Example> examples, long count, int partitions, int groups, long salt,
      long[] rangeCounts, int cols, int classes) {
    return splits(examples.mapToPair(e -> new Tuple2<>(0, e)), new long[] {count}, new int[] {partitions},
        new int[] {groups}, new long[] {salt}, rangeCounts == null ? null : new long[][] {rangeCounts}, cols,
        classes)[0];
  }

  /**
   * The training rows of {@code table} in {@code trainPartitions} partitions in the seeded order of
   * {@link #TRAIN_ORDER}, and its test rows (if any) in {@code testPartitions} partitions in that of
   * {@link #TEST_ORDER} ({@code seed}'s). A test split of the same table (split column or seeded
   * fraction) is cut in the same pass as the training rows: one read of the table, one shuffle into
   * hash ranges, one ranking, one shuffle to the partitions of both sets; a test table is read on its
   * own. Either way each set is laid out as {@link #partitions} lays it out alone.
   *
   * @return the training partitions and the test partitions (null without test rows)
   */
  public static ShardSet[] trainAndTest(TrainingTable table, int trainPartitions, int testPartitions, long seed) {
    return trainAndTest(table, trainPartitions, trainPartitions, testPartitions, seed);
  }

  /**
   * {@link #trainAndTest(TrainingTable, int, int, long)} with the {@code trainPartitions} training
   * shards held by {@code trainGroups} RDD partitions (contiguous shards): for a barrier stage with
   * fewer task slots than shards, whose tasks then run several shards each. The shards are the same.
   */
  public static ShardSet[] trainAndTest(TrainingTable table, int trainPartitions, int trainGroups, int testPartitions,
      long seed) {
    SeedSequence root = SeedSequence.root(seed);
    long trainSalt = root.derive(TRAIN_ORDER).seed();
    long testSalt = root.derive(TEST_ORDER).seed();
    int cols = table.featureCount();
    int classes = table.numClasses();
    if (table.testRows() == 0 || table.testTable() != null) {
      ShardSet train = partitions(table.train(), table.trainRows(), trainPartitions, trainGroups, trainSalt,
          table.trainRangeCounts(trainSalt), cols, classes);
      return new ShardSet[] {train, table.testRows() == 0 ? null : test(table, testPartitions, seed)};
    }
    long[] trainCounts = table.trainRangeCounts(trainSalt);
    long[] testCounts = table.testRangeCounts(testSalt);
    return splits(table.bySplit().mapToPair(t -> new Tuple2<>(t._1(), t._3())),
        new long[] {table.trainRows(), table.testRows()},
        new int[] {trainPartitions, testPartitions}, new int[] {trainGroups, testPartitions},
        new long[] {trainSalt, testSalt},
        trainCounts == null || testCounts == null ? null : new long[][] {trainCounts, testCounts}, cols, classes);
  }

  /** The test rows of {@code table} in {@code partitions} partitions in the seeded order of {@link #TEST_ORDER}. */
  public static ShardSet test(TrainingTable table, int partitions, long seed) {
    long salt = SeedSequence.root(seed).derive(TEST_ORDER).seed();
    return partitions(table.test(), table.testRows(), partitions, salt, table.testRangeCounts(salt),
        table.featureCount(), table.numClasses());
  }

  /**
   * Each split {@code s} of {@code rows} (keyed by split) cut into {@code partitions[s]} equal
   * partitions in the seeded order of {@code salts[s]}, all in one pass: the splits' ranks come from
   * one shuffle into hash ranges, and one shuffle moves every example to its partition in
   * {@link StackedRanges} (split s's partitions after those of the splits before it). Each split's
   * shards are then cached on their own ({@link ShardSet}, shard i in RDD partition i).
   *
   * @param counts the examples of each split
   * @param rangeCounts each split's examples per hash range, or null to count them here
   * @return one shard set per split (null for a split of 0 partitions)
   */
  private static ShardSet[] splits(JavaPairRDD<Integer, Example> rows, long[] counts, int[] partitions, int[] groups,
      long[] salts, long[][] rangeCounts, int cols, int classes) {
    int n = counts.length;
    for (int s = 0; s < n; s++) {
      if (counts[s] < partitions[s]) {
        throw new IllegalArgumentException("cannot cut " + counts[s] + " examples into " + partitions[s] + " partitions");
      }
    }
    int ranges = rangeCounts != null ? rangeCounts[0].length : rows.getNumPartitions();
    JavaPairRDD<OrderKey, Example> keyed = rows.mapToPair(t -> new Tuple2<>(OrderKey.of(t._1(), t._2(), salts[t._1()]),
        t._2()));
    return cut(ranked(keyed, n, ranges, rangeCounts == null ? null : perRange(rangeCounts, counts)), counts, partitions,
        groups, cols, classes);
  }

  /** {@code rangeCounts[s][r]} as {@code [r][s]}, each split's sum checked against its count. */
  private static long[][] perRange(long[][] rangeCounts, long[] counts) {
    int ranges = rangeCounts[0].length;
    long[][] perRange = new long[ranges][counts.length];
    for (int s = 0; s < counts.length; s++) {
      long sum = 0;
      for (int r = 0; r < ranges; r++) {
        perRange[r][s] = rangeCounts[s][r];
        sum += rangeCounts[s][r];
      }
      if (sum != counts[s]) {
        throw new IllegalStateException("split " + s + ": " + sum + " examples counted by hash range, " + counts[s]
            + " in all");
      }
    }
    return perRange;
  }

  /**
   * Ranked examples (key: group, rank) cut by group: group {@code s}'s ranks into
   * {@code partitions[s]} equal partitions, all in one shuffle ({@link StackedRanges}), each group's
   * shards then cached on their own ({@link ShardSet}, shard i in RDD partition i).
   *
   * @return one shard set per group (null for a group of 0 partitions)
   */
  private static ShardSet[] cut(JavaPairRDD<long[], Example> ranked, long[] counts, int[] partitions, int[] groups,
      int cols, int classes) {
    int n = counts.length;
    StackedRanges layout = new StackedRanges(counts, partitions, groups);
    JavaRDD<ClientShard> all = ranked
        .mapToPair(t -> new Tuple2<>(layout.position((int) t._1()[0], t._1()[1]), t._2()))
        .repartitionAndSortWithinPartitions(layout)
        .mapPartitions(it -> shardsInOrder(it, layout, cols, classes).iterator(), true);
    ShardSet[] out = new ShardSet[n];
    for (int s = 0; s < n; s++) {
      if (partitions[s] > 0) {
        JavaRDD<ClientShard> mine = n == 1 ? all : partitionRange(all, layout.first(s), groups[s]);
        // A pruned view's lineage changes the number of partitions, which a barrier stage refuses
        // (SPARK-24820): the views of a shared train+test RDD are cut from it (local checkpoint).
        out[s] = ShardSet.cache(mine, new RangePartitioner(partitions[s], groups[s]), classes, n > 1);
      }
    }
    return out;
  }

  /** One RDD partition's examples, sorted by position, as its shards (a shard per run of positions). */
  private static List<ClientShard> shardsInOrder(Iterator<Tuple2<Long, Example>> it, StackedRanges layout, int cols,
      int classes) {
    List<ClientShard> shards = new ArrayList<>();
    List<Example> rows = new ArrayList<>();
    int shard = -1;
    while (it.hasNext()) {
      Tuple2<Long, Example> t = it.next();
      int s = layout.shardOf(t._1());
      if (s != shard && !rows.isEmpty()) {
        shards.add(ClientShard.of(shard, rows, cols, classes));
        rows = new ArrayList<>();
      }
      shard = s;
      rows.add(t._2());
    }
    if (!rows.isEmpty()) {
      shards.add(ClientShard.of(shard, rows, cols, classes));
    }
    return shards;
  }

  /** Partitions [from, from + count) of {@code rdd} as an RDD of their own (partition i: from + i). */
  private static <T> JavaRDD<T> partitionRange(JavaRDD<T> rdd, int from, int count) {
    scala.Function1<Object, Object> keep = (scala.Function1<Object, Object> & java.io.Serializable) i -> {
      int p = (Integer) i;
      return p >= from && p < from + count;
    };
    return JavaRDD.fromRDD(PartitionPruningRDD.create(rdd.rdd(), keep), rdd.classTag());
  }

  /** {@code examples} cut into the clients of a seeded scheme's plan. */
  public static ShardSet clients(JavaRDD<Example> examples, Allocation plan, int sparkPartitions, long salt, int cols,
      int classes) {
    int groups = plan.byClass() ? classes : 1;
    boolean byClass = plan.byClass();
    JavaPairRDD<OrderKey, Example> keyed = examples.mapToPair(e -> new Tuple2<>(OrderKey.of(byClass ? e.label() : 0, e,
        salt), e));
    JavaPairRDD<Integer, Example> owned = ranked(keyed, groups, examples.getNumPartitions(), null)
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
   * Every example with (group, rank within its group) in the seeded order of its {@link OrderKey}:
   * one shuffle into {@code ranges} hash ranges sorted by the key, and each range's examples per
   * group ({@code counted}, else one job counting them) give each range's first rank.
   *
   * @param counted examples per (range, group), or null to count them here
   */
  private static JavaPairRDD<long[], Example> ranked(JavaPairRDD<OrderKey, Example> keyed, int groups, int ranges,
      long[][] counted) {
    return rank(keyed.repartitionAndSortWithinPartitions(new HashRangePartitioner(ranges)), groups, counted);
  }

  /**
   * {@link #ranked} of examples already spread over hash ranges (partition r: range r) and sorted
   * there by {@link OrderKey}.
   */
  private static JavaPairRDD<long[], Example> rank(JavaPairRDD<OrderKey, Example> sorted, int groups,
      long[][] counted) {
    List<long[]> perRange = counted != null ? Arrays.asList(counted)
        : sorted.mapPartitions((Iterator<Tuple2<OrderKey, Example>> it) -> {
          long[] c = new long[groups];
          it.forEachRemaining(t -> c[t._1().group()]++);
          return List.of(c).iterator();
        }).collect();
    long[][] offsets = new long[perRange.size() + 1][groups];
    for (int p = 0; p < perRange.size(); p++) {
      for (int g = 0; g < groups; g++) {
        offsets[p + 1][g] = offsets[p][g] + perRange.get(p)[g];
      }
    }
    return sorted.mapPartitionsWithIndex((Integer p, Iterator<Tuple2<OrderKey, Example>> it) -> {
      long[] next = offsets[p].clone();
      return new Iterator<Tuple2<long[], Example>>() {
        @Override
        public boolean hasNext() {
          if (it.hasNext()) {
            return true;
          }
          if (!Arrays.equals(next, offsets[p + 1])) {
            throw new IllegalStateException("hash range " + p + " ends at ranks " + Arrays.toString(next)
                + " where the counts put " + Arrays.toString(offsets[p + 1]) + ": the table changed while it was read");
          }
          return false;
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

  /**
   * The natural clients of {@code table}'s training rows ({@link #naturalClients}) and its test rows
   * in {@code testPartitions} partitions ({@link #test}), from one read of the table when the test
   * rows are a split of it: one shuffle sends the training rows to their clients' RDD partitions
   * and the test rows to the hash ranges of their seeded order ({@link ClientsThenRanges}); the
   * clients are built from the first partitions, the test partitions ranked from the others with
   * the validation pass's counts. Either way the shards are those the two alone give.
   *
   * @param kept the kept client values, sorted
   * @param salt the clients' order salt
   * @param testPartitions the test partitions (0: no test shards)
   * @return the clients and the test partitions (null for 0)
   */
  public static ShardSet[] naturalClientsAndTest(TrainingTable table, String[] kept, int sparkPartitions, long salt,
      int testPartitions, long seed) {
    long testSalt = SeedSequence.root(seed).derive(TEST_ORDER).seed();
    long[] testCounts = testPartitions == 0 || table.testTable() != null ? null : table.testRangeCounts(testSalt);
    int cols = table.featureCount();
    int classes = table.numClasses();
    if (testCounts == null) {
      ShardSet clients = naturalClients(table.trainByClient(), kept, sparkPartitions, salt, cols, classes);
      return new ShardSet[] {clients, testPartitions == 0 ? null : test(table, testPartitions, seed)};
    }
    RangePartitioner layout = clientLayout(kept.length, sparkPartitions);
    int ranges = testCounts.length;
    JavaPairRDD<OrderKey, Example> sorted = table.bySplit()
        .flatMapToPair((Tuple3<Integer, String, Example> t) -> {
          if (t._1() == 1) {
            return List.of(new Tuple2<>(OrderKey.of(0, t._3(), testSalt), t._3())).iterator();
          }
          int c = Arrays.binarySearch(kept, t._2());
          return c < 0 ? java.util.Collections.<Tuple2<OrderKey, Example>>emptyIterator()
              : List.of(new Tuple2<>(new OrderKey(ClientsThenRanges.groupOf(c), 0L, 0L, 0L), t._3())).iterator();
        })
        .repartitionAndSortWithinPartitions(new ClientsThenRanges(layout, ranges));
    JavaPairRDD<Integer, Example> owned = JavaPairRDD.fromJavaRDD(
        partitionRange(JavaRDD.fromRDD(sorted.rdd(), sorted.classTag()), 0, layout.numPartitions()))
        .mapToPair(t -> new Tuple2<>(ClientsThenRanges.clientOf(t._1().group()), t._2()));
    ShardSet clients = ShardSet.cache(buildClients(owned, layout, kept.length, salt, cols, classes), layout, classes);
    JavaPairRDD<OrderKey, Example> testRanges = JavaPairRDD.fromJavaRDD(
        partitionRange(JavaRDD.fromRDD(sorted.rdd(), sorted.classTag()), layout.numPartitions(), ranges));
    ShardSet test = cut(rank(testRanges, 1, perRange(new long[][] {testCounts}, new long[] {table.testRows()})),
        new long[] {table.testRows()}, new int[] {testPartitions}, new int[] {testPartitions}, cols, classes)[0];
    return new ShardSet[] {clients, test};
  }

  /** The RDD partitions of {@code numClients} clients: contiguous id ranges, at most {@code sparkPartitions}. */
  private static RangePartitioner clientLayout(int numClients, int sparkPartitions) {
    return new RangePartitioner(numClients, Math.max(1, Math.min(sparkPartitions, numClients)));
  }

  /** Examples keyed by client id into client shards, contiguous id ranges per RDD partition. */
  private static ShardSet clientShards(JavaPairRDD<Integer, Example> owned, int numClients, int sparkPartitions,
      long salt, int cols, int classes) {
    RangePartitioner layout = clientLayout(numClients, sparkPartitions);
    return ShardSet.cache(buildClients(owned.partitionBy(layout), layout, numClients, salt, cols, classes), layout,
        classes);
  }

  /**
   * The client shards of examples keyed by client id and already in their RDD partitions of
   * {@code layout}: every client of the partition's id range (empty ones too), its examples sorted
   * by {@link Example#order}.
   */
  private static JavaRDD<ClientShard> buildClients(JavaPairRDD<Integer, Example> placed, RangePartitioner layout,
      int numClients, long salt, int cols, int classes) {
    return placed.mapPartitionsWithIndex((Integer p, Iterator<Tuple2<Integer, Example>> it) -> {
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
  }
}
