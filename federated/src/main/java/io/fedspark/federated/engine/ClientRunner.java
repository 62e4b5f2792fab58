package io.fedspark.federated.engine;

import io.fedspark.federated.aggregate.WeightedParameterSum;
import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.client.ClientUpdate;
import io.fedspark.federated.client.FederatedClient;
import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;

/**
 * Runs one client of a round, the same way on every backend: the client's seed is
 * {@code SeedSequence.root(rootSeed).derive("client-train", round, clientId)}, so its result
 * depends only on the round's inputs, never on where or in which order it runs. An update too large
 * for the exact aggregation (a diverging client) is a failed update, like a non-finite one
 * ({@link ClientUpdate#diverged}).
 */
public final class ClientRunner {
  private ClientRunner() {}

  public static ClientUpdate run(ClientShard shard, RoundTask task, ModelSpec spec, float[] global, ScoringParameters scoring) {
    float[][] scoringParams = null;
    if (task.curriculum() != null && task.curriculum().dataCurriculumEnabled()) {
      scoringParams = scoring.forClient(task.curriculum().scoringModel(), shard.clientId(), global);
    }
    SeedSequence seed = SeedSequence.root(task.rootSeed()).derive("client-train", task.round(), shard.clientId());
    ClientUpdate u = FederatedClient.train(shard, spec, global, task.training(), task.curriculum(), scoringParams, seed);
    if (u.succeeded()) {
      String problem = DivergenceException.problem("client " + shard.clientId() + ": " + ClientUpdate.DIVERGED + ": its update",
          u.parameters(), u.numExamples(), LocalTrainingOptions.LEARNING_RATE.key());
      if (problem != null) {
        return ClientUpdate.failed(shard.clientId(), problem);
      }
    }
    return u;
  }
}
