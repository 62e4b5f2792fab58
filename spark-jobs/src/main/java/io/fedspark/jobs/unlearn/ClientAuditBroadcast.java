package io.fedspark.jobs.unlearn;

import io.fedspark.jobs.kryo.JavaBytes;
import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.partition.ClientPartition;
import io.fedspark.federated.unlearning.FederatedSetup;
import io.fedspark.math.nn.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What every task of the federated audit needs, broadcast once: the training data and the client
 * partition (client k owns {@code clientIndices[clientOffsets[k] .. clientOffsets[k + 1])}), the
 * test set, the settings ({@link ClientAuditSettings} as {@link JavaBytes}) and the math settings.
 * Plain arrays keep the Kryo registrations to this one record.
 */
public record ClientAuditBroadcast(String modelSpec, String datasetName, int[] shape, int numClasses,
    float[] trainX, int[] trainY, float[] testX, int[] testY, int[] clientOffsets, int[] clientIndices,
    byte[] settings, String mathBackend, int blasThreads) {

  static ClientAuditBroadcast of(ClientAuditOptions o, LabeledDataset train, LabeledDataset test,
      ClientPartition partition, String mathBackend, int blasThreads) {
    int n = partition.numClients();
    int[] offsets = new int[n + 1];
    for (int k = 0; k < n; k++) {
      offsets[k + 1] = offsets[k] + partition.size(k);
    }
    int[] indices = new int[offsets[n]];
    for (int k = 0; k < n; k++) {
      System.arraycopy(partition.indices(k), 0, indices, offsets[k], partition.size(k));
    }
    ClientAuditSettings s = new ClientAuditSettings(o.federate().client(), o.federate().simulation().rounds(),
        o.federate().clientsPerRound(), o.federate().inProcessThreads(), o.client());
    return new ClientAuditBroadcast(o.federate().model().toString(), train.name(), train.shape(), train.numClasses(),
        train.features(), train.labels(), test.features(), test.labels(), offsets, indices, JavaBytes.of(s),
        mathBackend, blasThreads);
  }

  ClientAuditSettings auditSettings() {
    return JavaBytes.read(settings, ClientAuditSettings.class);
  }

  /** The federated run of one experiment: the client shards (copies of their examples) and settings. */
  public FederatedSetup setup(long setupSeed) {
    LabeledDataset train = LabeledDataset.of(datasetName + "-train", shape, trainX, trainY, numClasses);
    LabeledDataset test = LabeledDataset.of(datasetName + "-test", shape, testX, testY, numClasses);
    List<ClientShard> shards = new ArrayList<>();
    for (int k = 0; k + 1 < clientOffsets.length; k++) {
      shards.add(ClientShard.of(k, train, Arrays.copyOfRange(clientIndices, clientOffsets[k], clientOffsets[k + 1])));
    }
    ClientAuditSettings s = auditSettings();
    return new FederatedSetup(ModelSpec.parse(modelSpec), shards, s.training(), s.rounds(), s.clientsPerRound(),
        setupSeed, s.threads(), test);
  }
}
