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
 */
public record ClientSplit(ShardSet clients, String description, NaturalClients natural) {
  /**
   * The clients of {@code table} under {@code options}, in {@code sparkPartitions} RDD partitions,
   * handing the natural partition's client count to {@code checkClientCount} before any shard is
   * built (e.g. a cohort larger than the clients is refused before the table is cut).
   *
   * @param clientColumn the client column's name (for the description)
   */
  public static ClientSplit of(TrainingTable table, PartitionOptions options, int sparkPartitions, long seed,
      String clientColumn, IntConsumer checkClientCount) {
    SeedSequence root = SeedSequence.root(seed);
    long salt = Allocation.orderSalt(root);
    int cols = table.featureCount();
    int classes = table.numClasses();
    if (options.scheme() == PartitionScheme.NATURAL) {
      NaturalClients nc = NaturalClients.of(table.clientCounts(), options.minExamples());
      checkClientCount.accept(nc.count());
      ShardSet clients = Sharding.naturalClients(table.trainByClient(), nc.kept(), sparkPartitions, salt, cols, classes);
      String dropped = nc.droppedSummary(options.minExamples());
      return new ClientSplit(clients, "natural partition by " + clientColumn + (dropped.isEmpty() ? "" : "; " + dropped),
          nc);
    }
    Allocation plan = Partitioner.of(options).allocate(table.trainClassCounts(), root);
    return new ClientSplit(Sharding.clients(table.train(), plan, sparkPartitions, salt, cols, classes),
        "synthetic split: " + options, null);
  }
}
