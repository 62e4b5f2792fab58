package io.fedspark.jobs.federate;

import io.fedspark.federated.partition.NaturalClients;
import io.fedspark.federated.partition.Partitioner;
import io.fedspark.jobs.data.ClientSplit;
import io.fedspark.jobs.data.ShardSet;
import io.fedspark.jobs.data.TrainingTable;

/**
 * A federated run's data, built on the executors: the table's training rows cut into client
 * shards (natural: one client per client-column value with enough examples; any other scheme: the
 * plan {@link Partitioner#allocate} makes from the class counts) and the test rows (if any) in
 * evaluation partitions. The driver holds the plan, sizes and histograms only.
 *
 * @param clients one shard per client, by id
 * @param test the test rows, or null when the table has none (Spark ML's fit trains on every row)
 * @param how how the clients were made, for the console and provenance
 * @param natural the natural partition's kept and dropped clients, or null for a seeded scheme
 */
public record FederatedData(TrainingTable table, ShardSet clients, ShardSet test, String how, NaturalClients natural) {
  int numClients() {
    return clients.count();
  }

  /** The client shards and test partitions of {@code t} under the setup's partition options. */
  static FederatedData build(FederatedFit.Setup setup, TrainingTable t) {
    FederateOptions opts = setup.options();
    int testParts = (int) Math.min(Math.max(1, opts.sparkPartitions()), t.testRows());
    ClientSplit split = ClientSplit.of(t, opts.partition(), opts.sparkPartitions(), setup.seed(), setup.clientColumn(),
        opts::checkCohort, testParts);
    return new FederatedData(t, split.clients(), split.test(), split.description(), split.natural());
  }

  /** Releases the cached shards. */
  void release() {
    clients.release();
    if (test != null) {
      test.release();
    }
  }
}
