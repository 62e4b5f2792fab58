package io.fedspark.jobs.federate;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.partition.ClientPartition;
import io.fedspark.federated.partition.Partitioner;
import io.fedspark.federated.partition.SkewReport;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.data.TrainTest;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.List;

/**
 * A federated run's data: the training split partitioned into client shards by the configured
 * scheme (its skew report written to the run directory), and the test split.
 *
 * @param shards one per client, ordered by id
 */
record FederatedData(LabeledDataset train, LabeledDataset test, List<ClientShard> shards) {
  int numClients() {
    return shards.size();
  }

  static FederatedData load(JobRun job, FederateOptions opts) {
    TrainTest tt = job.load(opts.dataset(), FederateOptions.MODEL.key(), opts.model());
    ClientPartition partition = Partitioner.of(opts.partition()).partition(tt.train(), SeedSequence.root(job.run().seed()));
    SkewReport skew = SkewReport.of(partition, tt.train());
    job.runDir().writeString("skew-report.csv", skew.toCsv());
    job.runDir().writeString("skew-summary.json", skew.toJson());
    System.out.println("[federate] " + opts.partition().numClients() + " clients (" + opts.partition().scheme().configName()
        + ", synthetic split of " + opts.dataset().configName() + "): " + skew.summary().lines().findFirst().orElse(""));
    job.provenance().dataNote("federated split is synthetic: " + opts.partition());
    List<ClientShard> shards = new ArrayList<>(partition.numClients());
    for (int k = 0; k < partition.numClients(); k++) {
      shards.add(ClientShard.of(k, tt.train(), partition.indices(k)));
    }
    return new FederatedData(tt.train(), tt.test(), shards);
  }
}
