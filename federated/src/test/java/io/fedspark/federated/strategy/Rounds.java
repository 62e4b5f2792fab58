package io.fedspark.federated.strategy;

import io.fedspark.federated.aggregate.WeightedParameterSum;
import io.fedspark.federated.client.ClientUpdate;
import java.util.List;

/** Builds {@link RoundUpdates} the way the engine does: the mean through {@link WeightedParameterSum}. */
final class Rounds {
  private Rounds() {}

  static ClientUpdate client(int id, long examples, float... params) {
    return new ClientUpdate(id, params, examples, 0.5, 1, Double.NaN, Double.NaN, (int) examples, null);
  }

  static RoundUpdates of(int round, ClientUpdate... clients) {
    WeightedParameterSum sum = WeightedParameterSum.zeros(clients[0].parameters().length);
    long examples = 0;
    for (ClientUpdate c : clients) {
      sum.add(c.parameters(), c.numExamples());
      examples += c.numExamples();
    }
    return new RoundUpdates(round, sum.mean(), examples, clients.length, List.of(clients));
  }
}
