package io.fedspark.federated.strategy;

/**
 * FedProx (Li, Sahu, Zaheer, Sanjabi, Talwalkar and Smith, 2020, "Federated Optimization in
 * Heterogeneous Networks", MLSys; Algorithm 2). Each client k minimises the proximal local objective
 *
 * <pre>
 *   h_k(w; w_t) = F_k(w) + (mu / 2) * ||w - w_t||^2
 * </pre>
 *
 * around the current global model w_t, which limits how far heterogeneous clients drift; the server
 * side is FedAvg's weighted mean w_{t+1} = sum_k (n_k / n) w_k. The strategy therefore only carries
 * mu to local training ({@link #proximalMu()}) and aggregates exactly as {@link FedAvg}. With mu = 0
 * it is FedAvg.
 */
public final class FedProx implements Strategy {
  private final float mu;

  /** @param mu proximal coefficient, finite and >= 0 */
  public FedProx(double mu) {
    if (!(mu >= 0) || Double.isInfinite(mu)) {
      throw new IllegalArgumentException("fedprox: mu is " + mu + ", expected a finite number >= 0");
    }
    this.mu = (float) mu;
  }

  @Override
  public String name() {
    return StrategyKind.FEDPROX.configName();
  }

  @Override
  public float proximalMu() {
    return mu;
  }

  @Override
  public float[] aggregate(float[] global, RoundUpdates updates) {
    // FedAvg's server step: the weighted mean itself.
    return RoundInputs.mean(name(), global, updates).clone();
  }
}
