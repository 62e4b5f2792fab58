package io.fedspark.jobs.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.data.Example;
import io.fedspark.federated.data.RowKey;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training and test partitions of one table cut in one pass ({@link Sharding#trainAndTest}:
 * one read, the rows per hash range counted by the validation pass) are the very same shards, row
 * for row and bit for bit, as each set cut alone with its own read and counting job
 * ({@link Sharding#partitions}) - for a seeded test fraction and for a split column, with rows that
 * share their content - and the table is read once for both, with no counting job. Counts that do
 * not match the rows stop the ranking instead of giving a wrong layout.
 */
@SparkTest
class TrainTestShardingTest {
  @TempDir Path dir;

  private static DataSourceOptions source(String... sets) {
    List<String> s = new ArrayList<>(List.of("data.source.features=features", "data.source.label=label",
        "data.source.format=parquet"));
    s.addAll(List.of(sets));
    return DataSourceOptions.from(ConfigLoader.withShippedDefaults().load(null, s));
  }

  /** 2,400 rows in 5 files, 1 in 8 a copy of another row (equal keys: ties broken by content). */
  private Dataset<Row> table(SparkSession spark) {
    Path p = dir.resolve("t");
    spark.range(0, 2400).selectExpr("id % 2100 as r", "id")
        .selectExpr("array(cast(r % 7 as double), cast(r % 11 as double), r / 2100.0) as features",
            "concat('c', cast(r % 3 as string)) as label", "if(id % 5 = 0, 'test', 'train') as part",
            "concat('u', cast(r % 13 as string)) as user")
        .repartition(5).write().parquet(p.toString());
    return spark.read().parquet(p.toString())
        .withColumn(ColumnMapping.FILE_COLUMN, functions.col("_metadata.file_path"))
        .withColumn(ColumnMapping.BLOCK_COLUMN, functions.col("_metadata.file_block_start"));
  }

  private static void assertSameShards(ShardSet expected, ShardSet actual, String what) {
    assertArrayEquals(expected.sizes(), actual.sizes(), what + ": sizes");
    List<ClientShard> a = expected.collect();
    List<ClientShard> b = actual.collect();
    assertEquals(a.size(), b.size(), what + ": shards");
    for (int i = 0; i < a.size(); i++) {
      assertEquals(i, b.get(i).clientId(), what + ": shard ids");
      assertArrayEquals(a.get(i).labels(), b.get(i).labels(), what + ": labels of shard " + i);
      assertArrayEquals(a.get(i).features(), b.get(i).features(), 0f, what + ": features of shard " + i);
      assertArrayEquals(a.get(i).weights(), b.get(i).weights(), 0f, what + ": weights of shard " + i);
    }
  }

  private static long salt(String purpose) {
    return SeedSequence.root(42).derive(purpose).seed();
  }

  /** The table with a seeded test fraction, and with its split column. */
  private List<TrainingTable> trainingTables(SparkSession spark) {
    Dataset<Row> table = table(spark);
    ModelSpec model = ModelSpec.parse("mlp:3-4-3");
    return List.of(source(), source("data.source.test.split-column=part")).stream()
        .map(src -> TableLoader.of(table, null, src, 42, "train.model", model, false, true)).toList();
  }

  @Test
  void oneReadGivesTheShardsOfTwoSeparatePasses(SparkSession spark) throws Exception {
    for (TrainingTable t : trainingTables(spark)) {
      assertTrue(t.testRows() > 300 && t.trainRows() > 1500, t.trainRows() + " / " + t.testRows());
      int cols = t.featureCount();
      int classes = t.numClasses();
      ShardSet train = Sharding.partitions(t.train(), t.trainRows(), 7, salt(Sharding.TRAIN_ORDER), cols, classes);
      ShardSet test = Sharding.partitions(t.test(), t.testRows(), 4, salt(Sharding.TEST_ORDER), cols, classes);

      StageCounter stages = new StageCounter();
      spark.sparkContext().addSparkListener(stages);
      ShardSet[] both = Sharding.trainAndTest(t, 7, 4, 42);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      spark.sparkContext().removeSparkListener(stages);
      try {
        assertEquals(1, stages.reading.get(), "stages reading the table");
        assertEquals(2, stages.jobs.get(), "jobs: one caching each set, no counting job");
        assertNotNull(both[1]);
        assertSameShards(train, both[0], "training partitions");
        assertSameShards(test, both[1], "test partitions");
        // the test shards alone (federate's), from the validation's counts: the same again
        ShardSet alone = Sharding.test(t, 4, 42);
        assertSameShards(test, alone, "test partitions alone");
        alone.release();
      } finally {
        for (ShardSet s : List.of(train, test, both[0], both[1])) {
          s.release();
        }
      }
    }
  }

  @Test
  void shardsGroupedIntoFewerRddPartitionsAreTheSameShards(SparkSession spark) throws Exception {
    for (TrainingTable t : trainingTables(spark)) {
      ShardSet[] one = Sharding.trainAndTest(t, 7, 4, 42);
      // a barrier stage with 3 task slots: the 7 training shards in 3 RDD partitions (2 + 2 + 3, as parallelize slices)
      ShardSet[] grouped = Sharding.trainAndTest(t, 7, 3, 4, 42);
      try {
        assertSameShards(one[0], grouped[0], "training shards in 3 RDD partitions");
        assertSameShards(one[1], grouped[1], "test shards next to grouped training shards");
        assertEquals(3, grouped[0].rdd().getNumPartitions());
        assertEquals(4, grouped[1].rdd().getNumPartitions());
        List<List<ClientShard>> parts = grouped[0].rdd().glom().collect();
        List<List<Integer>> ids = parts.stream().map(p -> p.stream().map(ClientShard::clientId).toList()).toList();
        assertEquals(List.of(List.of(0, 1), List.of(2, 3), List.of(4, 5, 6)), ids);
        for (int i = 0; i < 7; i++) {
          int id = i;
          assertTrue(ids.get(grouped[0].layout().partitionOf(i)).contains(id), "layout of shard " + i);
        }
      } finally {
        for (ShardSet s : List.of(one[0], one[1], grouped[0], grouped[1])) {
          s.release();
        }
      }
    }
  }

  @Test
  void naturalClientsAndTestPartitionsFromOneReadAreThoseOfTwoPasses(SparkSession spark) throws Exception {
    Dataset<Row> table = table(spark);
    ModelSpec model = ModelSpec.parse("mlp:3-4-3");
    DataSourceOptions src = source("data.source.client=user");
    TrainingTable t = TableLoader.of(table, null, src, 42, "train.model", model, true, true);
    String[] kept = t.clientCounts().keySet().stream().filter(u -> !u.equals("u7")).sorted().toArray(String[]::new);
    assertEquals(12, kept.length);
    long clientSalt = 1234;
    ShardSet clients = Sharding.naturalClients(t.trainByClient(), kept, 5, clientSalt, t.featureCount(), t.numClasses());
    ShardSet test = Sharding.partitions(t.test(), t.testRows(), 4, salt(Sharding.TEST_ORDER), t.featureCount(),
        t.numClasses());
    StageCounter stages = new StageCounter();
    spark.sparkContext().addSparkListener(stages);
    ShardSet[] both = Sharding.naturalClientsAndTest(t, kept, 5, clientSalt, 4, 42);
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().removeSparkListener(stages);
    try {
      assertEquals(1, stages.reading.get(), "stages reading the table");
      assertEquals(2, stages.jobs.get(), "jobs: one caching the clients, one the test partitions, no counting job");
      assertSameShards(clients, both[0], "natural clients");
      assertSameShards(test, both[1], "test partitions");
      long u7 = t.clientCounts().get("u7");
      assertEquals(t.trainRows() - u7, both[0].examples(), "the clients not kept are left out");
    } finally {
      for (ShardSet s : List.of(clients, test, both[0], both[1])) {
        s.release();
      }
    }
  }

  @Test
  void countsThatDoNotMatchTheRowsStopTheRanking(JavaSparkContext jsc) {
    List<Example> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      rows.add(new Example(RowKey.ofId(i), new float[] {i}, i % 2, 1f));
    }
    JavaRDD<Example> rdd = jsc.parallelize(rows, 3);
    long salt = 5;
    RangeCounts counts = new RangeCounts(new long[] {salt}, 4);
    rows.forEach(e -> counts.add(false, e.key()));
    ShardSet counted = Sharding.partitions(rdd, 500, 3, salt, 1, 2);
    ShardSet given = Sharding.partitions(rdd, 500, 3, salt, counts.of(0, salt), 1, 2);
    try {
      assertSameShards(counted, given, "counts given vs counted");
    } finally {
      counted.release();
      given.release();
    }
    long[] wrong = counts.of(0, salt);
    wrong[0]--;
    wrong[3]++;
    SparkException e = assertThrows(SparkException.class, () -> Sharding.partitions(rdd, 500, 3, salt, wrong, 1, 2));
    assertTrue(String.valueOf(e.getMessage()).contains("the table changed while it was read"), e.getMessage());
    assertEquals(null, counts.of(0, salt + 1), "counts of another order are not used");
  }

  /** Counts the stages that read input and the jobs started. */
  private static final class StageCounter extends SparkListener {
    final AtomicInteger reading = new AtomicInteger();
    final AtomicInteger jobs = new AtomicInteger();

    @Override
    public void onStageCompleted(SparkListenerStageCompleted e) {
      if (e.stageInfo().taskMetrics() != null && e.stageInfo().taskMetrics().inputMetrics().bytesRead() > 0) {
        reading.incrementAndGet();
      }
    }

    @Override
    public void onJobStart(SparkListenerJobStart e) {
      jobs.incrementAndGet();
    }
  }
}
