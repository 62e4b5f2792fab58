package io.fedspark.federated.strategy;

import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

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
 * mu to local training ({@link #configureFit}) and aggregates exactly as {@link FedAvg}. With mu = 0
 * it is FedAvg.
 */
public final class FedProx implements Strategy {
  /** {@code federate.strategy.fedprox.mu}: Flower has no default; 0.01 from Li et al.'s grid {0.001, 0.01, 0.1, 1}. */
  public static final Setting<Double> MU = Setting.number("federate.strategy.fedprox.mu", 0.01, Bounds.atLeast(0));

  /** @param mu the proximal coefficient */
  public record Options(double mu) implements StrategyOptions {
    public Options {
      MU.check(mu);
    }

    /** The {@code federate.strategy.fedprox} block of {@code c}. */
    public static Options from(ConfigView c) {
      return new Options(c.get(MU));
    }

    @Override
    public StrategyKind kind() {
      return StrategyKind.FEDPROX;
    }

    @Override
    public Strategy create() {
      return new FedProx(mu);
    }
  }

  private final float mu;

  /** @param mu proximal coefficient, finite and >= 0 */
  public FedProx(double mu) {
    this.mu = (float) (double) MU.check(mu);
  }

  @Override
  public String name() {
    return StrategyKind.FEDPROX.configName();
  }

  /** The proximal coefficient mu. */
  public float mu() {
    return mu;
  }

  /** Every client of the round minimises the proximal objective with this mu. */
  @Override
  public LocalTrainingOptions configureFit(int round, LocalTrainingOptions configured) {
    return configured.withProximalMu(mu);
  }

  @Override
  public float[] aggregate(float[] global, RoundUpdates updates) {
    // FedAvg's server step: the weighted mean itself.
    return RoundInputs.mean(name(), global, updates).clone();
  }
}
