package io.fedspark.jobs.federate;

import io.fedspark.federated.partition.Allocation;
import io.fedspark.federated.partition.NaturalClients;
import io.fedspark.federated.partition.PartitionScheme;
import io.fedspark.federated.partition.Partitioner;
import io.fedspark.federated.partition.SkewReport;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.data.DataPlane;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.data.ShardSet;
import io.fedspark.jobs.data.Sharding;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.math.random.SeedSequence;
import java.util.Locale;

/**
 * A federated run's data, built on the executors: the table's training rows cut into client
 * shards (natural: one client per client-column value with enough examples; any other scheme: the
 * plan {@link Partitioner#allocate} makes from the class counts), the test rows in evaluation
 * partitions, and the skew report of the clients' label histograms (written to the run
 * directory). The driver holds the plan, sizes and histograms only.
 *
 * @param clients one shard per client, by id
 * @param test the test rows
 */
record FederatedData(TrainingTable table, ShardSet clients, ShardSet test) {
  int numClients() {
    return clients.count();
  }

  static FederatedData load(JobRun job, FederateOptions opts) {
    boolean natural = opts.partition().scheme() == PartitionScheme.NATURAL;
    TrainingTable t = DataPlane.load(job, opts.dataset(), FederateOptions.DATASET.key(), FederateOptions.MODEL.key(),
        opts.model(), natural);
    SeedSequence root = SeedSequence.root(job.run().seed());
    long salt = Allocation.orderSalt(root);
    int cols = t.featureCount();
    int classes = t.numClasses();
    ShardSet clients;
    String how;
    if (natural) {
      NaturalClients nc = NaturalClients.of(t.clientCounts(), opts.partition().minExamples());
      opts.checkCohort(nc.count());
      clients = Sharding.naturalClients(t.trainByClient(), nc.kept(), opts.sparkPartitions(), salt, cols, classes);
      String dropped = nc.droppedSummary(opts.partition().minExamples());
      how = "natural partition by " + job.config().get(DataSourceOptions.CLIENT)
          + (dropped.isEmpty() ? "" : "; " + dropped);
      job.provenance().result("naturalClients", java.util.Map.of("clients", nc.count(), "droppedClients",
          nc.droppedClients(), "droppedExamples", nc.droppedExamples()));
    } else {
      Allocation plan = Partitioner.of(opts.partition()).allocate(t.trainClassCounts(), root);
      clients = Sharding.clients(t.train(), plan, opts.sparkPartitions(), salt, cols, classes);
      how = "synthetic split: " + opts.partition();
    }
    SkewReport skew = clients.skew();
    job.runDir().writeString("skew-report.csv", skew.toCsv());
    job.runDir().writeString("skew-summary.json", skew.toJson());
    System.out.printf(Locale.ROOT, "[federate] %d clients (%s): %s%n", clients.count(), how,
        skew.summary().lines().findFirst().orElse(""));
    job.provenance().dataNote("federated clients: " + how);
    int testParts = (int) Math.max(1, Math.min(opts.sparkPartitions(), t.testRows()));
    ShardSet test = Sharding.partitions(t.test(), t.testRows(), testParts, root.derive("test-partition").seed(), cols,
        classes);
    return new FederatedData(t, clients, test);
  }

  /** Releases the cached shards. */
  void release() {
    clients.release();
    test.release();
  }
}
