package io.fedspark.jobs.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.data.Example;
import io.fedspark.federated.data.RowKey;
import io.fedspark.federated.partition.Allocation;
import io.fedspark.federated.partition.ClientPartition;
import io.fedspark.federated.partition.PartitionOptions;
import io.fedspark.federated.partition.PartitionScheme;
import io.fedspark.federated.partition.Partitioner;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The executors' sharding against the in-memory reference: a seeded scheme's clients built on
 * Spark from rows keyed by their row number hold exactly the examples {@link Allocation#assign}
 * gives them; training partitions are equal (+-1), disjoint, complete and ordered by rank, and the
 * same for any number of input partitions.
 */
@SparkTest
class ShardingTest {
  private static final int N = 3000;
  private static final int CLASSES = 5;

  /** Row i: key RowKey.ofId(i), features {i}, a seeded label. */
  private static List<Example> rows(int[] labels) {
    List<Example> out = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      out.add(new Example(RowKey.ofId(i), new float[] {i}, labels[i], 1f));
    }
    return out;
  }

  private static int[] labels() {
    Random r = new Random(7);
    int[] y = new int[N];
    for (int i = 0; i < N; i++) {
      y[i] = r.nextInt(CLASSES);
    }
    return y;
  }

  private static int[] rowsOf(ClientShard s) {
    int[] ids = new int[s.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (int) s.features()[i];
    }
    return ids;
  }

  @Test
  void seededClientsOnSparkEqualTheInMemoryAssignment(JavaSparkContext jsc) {
    int[] y = labels();
    SeedSequence seed = SeedSequence.root(11);
    for (PartitionScheme scheme : List.of(PartitionScheme.DIRICHLET, PartitionScheme.SHARDS, PartitionScheme.IID,
        PartitionScheme.QUANTITY)) {
      Partitioner p = Partitioner.of(new PartitionOptions(scheme, 17));
      long[] counts = new long[CLASSES];
      Arrays.stream(y).forEach(c -> counts[c]++);
      Allocation plan = p.allocate(counts, seed);
      ClientPartition reference = plan.assign(y, Allocation.orderSalt(seed));
      for (int inputs : List.of(1, 7)) {
        JavaRDD<Example> rdd = jsc.parallelize(rows(y), inputs);
        ShardSet shards = Sharding.clients(rdd, plan, 4, Allocation.orderSalt(seed), 1, CLASSES);
        try {
          assertEquals(17, shards.count());
          for (ClientShard s : shards.collect()) {
            int[] got = rowsOf(s);
            Arrays.sort(got);
            assertArrayEquals(reference.indices(s.clientId()), got, scheme + " client " + s.clientId() + ", " + inputs
                + " input partitions");
            assertEquals(reference.indices(s.clientId()).length, shards.sizes()[s.clientId()]);
          }
        } finally {
          shards.release();
        }
      }
    }
  }

  @Test
  void trainingPartitionsAreEqualDisjointCompleteAndLayoutIndependent(JavaSparkContext jsc) {
    int[] y = labels();
    long salt = 99;
    List<int[]> first = null;
    for (int inputs : List.of(1, 5, 13)) {
      ShardSet parts = Sharding.partitions(jsc.parallelize(rows(y), inputs), N, 7, salt, 1, CLASSES);
      try {
        List<int[]> rows = new ArrayList<>();
        boolean[] seen = new boolean[N];
        for (ClientShard s : parts.collect()) {
          int[] ids = rowsOf(s);
          assertTrue(ids.length == N / 7 || ids.length == N / 7 + 1, "size " + ids.length);
          for (int i = 1; i < ids.length; i++) {
            assertTrue(Long.compareUnsigned(RowKey.hash(RowKey.ofId(ids[i - 1]), salt),
                RowKey.hash(RowKey.ofId(ids[i]), salt)) < 0, "rank order within a partition");
          }
          for (int id : ids) {
            assertTrue(!seen[id], "row " + id + " twice");
            seen[id] = true;
          }
          rows.add(ids);
        }
        for (boolean b : seen) {
          assertTrue(b, "every row placed");
        }
        if (first == null) {
          first = rows;
        } else {
          for (int p = 0; p < rows.size(); p++) {
            assertArrayEquals(first.get(p), rows.get(p), "partition " + p + " with " + inputs + " input partitions");
          }
        }
      } finally {
        parts.release();
      }
    }
  }

  @Test
  void rangesCutLikeParallelize() {
    RangePartitioner r = new RangePartitioner(10, 3);
    assertEquals(List.of(0L, 3L, 6L), List.of(r.start(0), r.start(1), r.start(2)));
    int[] expected = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2};
    for (int i = 0; i < 10; i++) {
      assertEquals(expected[i], r.partitionOf(i), "item " + i);
    }
    RangePartitioner big = new RangePartitioner(100_003, 16);
    for (long i = 0; i < 100_003; i += 997) {
      int p = big.partitionOf(i);
      assertTrue(big.start(p) <= i && (p == 15 || i < big.start(p + 1)), "item " + i);
    }
  }
}
