package io.fedspark.federated.strategy;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

/**
 * FedAdam (Reddi et al., 2021, "Adaptive Federated Optimization", ICLR, Algorithm 2): the
 * {@link FedOpt} server step with Adam's second moment
 *
 * <pre>
 *   v_t = beta2 * v_{t-1} + (1 - beta2) * Delta_t^2
 * </pre>
 *
 * Defaults are Flower's {@code flwr.serverapp.strategy.FedAdam}: eta = 0.1, beta1 = 0.9,
 * beta2 = 0.99, tau = 1e-3.
 */
public final class FedAdam extends FedOpt {
  /** The {@code federate.strategy.fedadam} block: Flower's FedAdam. */
  static final Keys KEYS = Keys.of(StrategyKind.FEDADAM, 0.1, 0.9, 0.99, 1e-3);
  /** {@code federate.strategy.fedadam.eta}: the server learning rate. */
  public static final Setting<Double> ETA = KEYS.eta();
  /** {@code federate.strategy.fedadam.beta1}: the first-moment decay. */
  public static final Setting<Double> BETA1 = KEYS.beta1();
  /** {@code federate.strategy.fedadam.beta2}: the second-moment rate. */
  public static final Setting<Double> BETA2 = KEYS.beta2();
  /** {@code federate.strategy.fedadam.tau}: the adaptivity. */
  public static final Setting<Double> TAU = KEYS.tau();

  /** FedAdam with the defaults of its settings. */
  public FedAdam() {
    this(KEYS.defaults(StrategyKind.FEDADAM));
  }

  /** The {@code federate.strategy.fedadam} block of {@code c}. */
  public static StrategyOptions options(ConfigView c) {
    return KEYS.read(StrategyKind.FEDADAM, c);
  }

  /**
   * @param eta server learning rate, finite and > 0
   * @param beta1 first-moment decay, in [0, 1)
   * @param beta2 second-moment decay, in [0, 1)
   * @param tau adaptivity, finite and > 0
   */
  public FedAdam(double eta, double beta1, double beta2, double tau) {
    this(new Options(StrategyKind.FEDADAM, eta, beta1, beta2, tau));
  }

  FedAdam(Options o) {
    super(o);
  }

  @Override
  double nextSecondMoment(double v, double deltaSquared) {
    return secondMoment(v, deltaSquared, beta2());
  }

  /** v_t = beta2 * v_{t-1} + (1 - beta2) * Delta_t^2. */
  static double secondMoment(double v, double deltaSquared, double beta2) {
    return beta2 * v + (1 - beta2) * deltaSquared;
  }
}
