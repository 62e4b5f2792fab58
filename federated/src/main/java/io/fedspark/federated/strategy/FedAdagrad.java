package io.fedspark.federated.strategy;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

/**
 * FedAdagrad (Reddi et al., 2021, "Adaptive Federated Optimization", ICLR, Algorithm 2): the
 * {@link FedOpt} server step with Adagrad's accumulated second moment
 *
 * <pre>
 *   v_t = v_{t-1} + Delta_t^2
 * </pre>
 *
 * (beta2 plays no part). Defaults are Flower's {@code FedAdagrad}: eta = 0.1, tau = 1e-3, and
 * beta1 = 0, i.e. no server momentum (Flower's FedAdagrad has no beta parameters and passes 0).
 */
public final class FedAdagrad extends FedOpt {
  /** The {@code federate.strategy.fedadagrad} block: Flower's FedAdagrad (beta1 0: no server momentum). */
  static final Keys KEYS = Keys.of(StrategyKind.FEDADAGRAD, 0.1, 0.0, null, 1e-3);
  /** {@code federate.strategy.fedadagrad.eta}: the server learning rate. */
  public static final Setting<Double> ETA = KEYS.eta();
  /** {@code federate.strategy.fedadagrad.beta1}: the first-moment decay. */
  public static final Setting<Double> BETA1 = KEYS.beta1();
  /** {@code federate.strategy.fedadagrad.tau}: the adaptivity. */
  public static final Setting<Double> TAU = KEYS.tau();

  /** FedAdagrad with the defaults of its settings. */
  public FedAdagrad() {
    this(KEYS.defaults(StrategyKind.FEDADAGRAD));
  }

  /** The {@code federate.strategy.fedadagrad} block of {@code c}. */
  public static StrategyOptions options(ConfigView c) {
    return KEYS.read(StrategyKind.FEDADAGRAD, c);
  }

  /**
   * @param eta server learning rate, finite and > 0
   * @param beta1 first-moment decay, in [0, 1)
   * @param tau adaptivity, finite and > 0
   */
  public FedAdagrad(double eta, double beta1, double tau) {
    this(new Options(StrategyKind.FEDADAGRAD, eta, beta1, 0.0, tau));
  }

  FedAdagrad(Options o) {
    super(o);
  }

  @Override
  double nextSecondMoment(double v, double deltaSquared) {
    return secondMoment(v, deltaSquared);
  }

  /** v_t = v_{t-1} + Delta_t^2. */
  static double secondMoment(double v, double deltaSquared) {
    return v + deltaSquared;
  }
}
