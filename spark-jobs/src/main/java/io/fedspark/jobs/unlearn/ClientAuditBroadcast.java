package io.fedspark.jobs.unlearn;

import io.fedspark.federated.unlearning.FederatedSetup;
import io.fedspark.jobs.data.StagedTable;
import io.fedspark.jobs.kryo.JavaBytes;
import io.fedspark.math.nn.ModelSpec;

/**
 * What every task of the federated audit needs, broadcast once: where the staged clients and test
 * split are (each task reads them on its executor, never through the broadcast), the settings
 * ({@link ClientAuditSettings} as {@link JavaBytes}) and the math settings.
 */
public record ClientAuditBroadcast(String modelSpec, StagedTable data, byte[] settings, String mathBackend,
    int blasThreads) {

  static ClientAuditBroadcast of(ClientAuditOptions o, StagedTable data, String mathBackend, int blasThreads) {
    ClientAuditSettings s = new ClientAuditSettings(o.federate().client(), o.federate().simulation().rounds(),
        o.federate().clientsPerRound(), o.federate().inProcessThreads(), o.client());
    return new ClientAuditBroadcast(o.federate().model().toString(), data, JavaBytes.of(s), mathBackend, blasThreads);
  }

  ClientAuditSettings auditSettings() {
    return JavaBytes.read(settings, ClientAuditSettings.class);
  }

  /** The federated run of one experiment: the staged client shards and the settings. */
  public FederatedSetup setup(long setupSeed) {
    ClientAuditSettings s = auditSettings();
    return new FederatedSetup(ModelSpec.parse(modelSpec), data.clients(), s.training(), s.rounds(), s.clientsPerRound(),
        setupSeed, s.threads(), data.test());
  }
}
