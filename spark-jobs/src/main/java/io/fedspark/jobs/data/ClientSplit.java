package io.fedspark.jobs.data;

import io.fedspark.federated.partition.Allocation;
import io.fedspark.federated.partition.NaturalClients;
import io.fedspark.federated.partition.PartitionOptions;
import io.fedspark.federated.partition.PartitionScheme;
import io.fedspark.federated.partition.Partitioner;
import io.fedspark.math.random.SeedSequence;
import java.util.function.IntConsumer;

/**
 * A table's training rows cut into federated clients on the executors: by the natural scheme, one
 * client per value of the client column with at least {@code federate.partition.min-examples}
 * examples (the others left out and reported); by any other scheme, the plan
 * {@link Partitioner#allocate} makes from the class counts, applied to the rows' seeded rank
 * order. The same for every job that federates (federate, the federated unlearning audit).
 *
 * @param clients one shard per client, by id
 * @param description how the clients were made, for the log and provenance
 * @param natural the natural partition's kept and dropped clients, or null for a seeded scheme
 * @param test the test rows in evaluation partitions, or null when not asked for (or none)
 */
public record ClientSplit(ShardSet clients, String description, NaturalClients natural, ShardSet test) {
  /**
   * The clients of {@code table} under {@code options}, in {@code sparkPartitions} RDD partitions,
   * handing the natural partition's client count to {@code checkClientCount} before any shard is
   * built (e.g. a cohort larger than the clients is refused before the table is cut).
   *
   * @param clientColumn the client column's name (for the description)
   */
  public static ClientSplit of(TrainingTable table, PartitionOptions options, int sparkPartitions, long seed,
      String clientColumn, IntConsumer checkClientCount) {
    return of(table, options, sparkPartitions, seed, clientColumn, checkClientCount, 0);
  }

  /**
   * {@link #of(TrainingTable, PartitionOptions, int, long, String, IntConsumer)} and the test rows
   * in {@code testPartitions} evaluation partitions ({@link Sharding#test}; 0: none), the natural
   * clients and a test split of the same table from one read ({@link Sharding#naturalClientsAndTest}).
   */
  public static ClientSplit of(TrainingTable table, PartitionOptions options, int sparkPartitions, long seed,
      String clientColumn, IntConsumer checkClientCount, int testPartitions) {
    SeedSequence root = SeedSequence.root(seed);
    long salt = Allocation.orderSalt(root);
    int cols = table.featureCount();
    int classes = table.numClasses();
    if (options.scheme() == PartitionScheme.NATURAL) {
      NaturalClients nc = NaturalClients.of(table.clientCounts(), options.minExamples());
      checkClientCount.accept(nc.count());
      ShardSet[] shards = Sharding.naturalClientsAndTest(table, nc.kept(), sparkPartitions, salt, testPartitions, seed);
      String dropped = nc.droppedSummary(options.minExamples());
      return new ClientSplit(shards[0], "natural partition by " + clientColumn
          + (dropped.isEmpty() ? "" : "; " + dropped), nc, shards[1]);
    }
    Allocation plan = Partitioner.of(options).allocate(table.trainClassCounts(), root);
    ShardSet clients = Sharding.clients(table.train(), plan, sparkPartitions, salt, cols, classes);
    return new ClientSplit(clients, "synthetic split: " + options, null,
        testPartitions == 0 ? null : Sharding.test(table, testPartitions, seed));
  }
}
