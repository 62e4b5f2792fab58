package io.fedspark.federated.strategy;

/**
 * Federated averaging (McMahan et al., 2017, "Communication-Efficient Learning of Deep Networks from
 * Decentralized Data", Algorithm 1): w_{t+1} = sum_k (n_k / n) w_{t+1}^k over the round's clients.
 */
public final class FedAvg implements Strategy {
  /** FedAvg has no settings. */
  public record Options() implements StrategyOptions {
    @Override
    public StrategyKind kind() {
      return StrategyKind.FEDAVG;
    }

    @Override
    public Strategy create() {
      return new FedAvg();
    }
  }

  @Override
  public String name() {
    return StrategyKind.FEDAVG.configName();
  }

  @Override
  public float[] aggregate(float[] global, RoundUpdates updates) {
    if (updates.weightedMean().length != global.length) {
      throw new IllegalArgumentException(
          "fedavg: global model has " + global.length + " parameters but the updates have " + updates.weightedMean().length);
    }
    return updates.weightedMean().clone();
  }
}
