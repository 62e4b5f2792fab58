package io.fedspark.federated.strategy;

import io.fedspark.federated.client.ClientUpdate;
import java.util.Comparator;
import java.util.List;

/**
 * The successful updates of one round as a strategy sees them: the example-weighted mean of the
 * clients' parameters (computed exactly and order-independently, see
 * {@link io.fedspark.federated.aggregate.WeightedParameterSum}), and, for strategies that need them
 * (median, trimmed mean), the individual updates sorted by client id.
 *
 * @param round the round number (1-based)
 * @param weightedMean sum_k n_k w_k / sum_k n_k over successful clients
 * @param totalExamples sum_k n_k
 * @param clients number of successful clients
 * @param updates the individual updates sorted by client id, or an empty list if the engine did
 *     not collect them (strategies whose {@link Strategy#needsIndividualUpdates()} is false)
 */
public record RoundUpdates(int round, float[] weightedMean, long totalExamples, int clients, List<ClientUpdate> updates) {
  public RoundUpdates {
    if (clients <= 0 || totalExamples <= 0) {
      throw new IllegalArgumentException(
          "round " + round + ": nothing to aggregate (" + clients + " successful clients, " + totalExamples + " examples)");
    }
    updates = updates.stream().sorted(Comparator.comparingInt(ClientUpdate::clientId)).toList();
  }
}
