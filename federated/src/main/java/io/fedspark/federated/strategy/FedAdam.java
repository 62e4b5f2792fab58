package io.fedspark.federated.strategy;

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
  public static final double DEFAULT_ETA = 0.1;
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.99;
  public static final double DEFAULT_TAU = 1e-3;

  /** FedAdam with the defaults above. */
  public FedAdam() {
    this(DEFAULT_ETA, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_TAU);
  }

  /**
   * @param eta server learning rate, finite and > 0
   * @param beta1 first-moment decay, in [0, 1)
   * @param beta2 second-moment decay, in [0, 1)
   * @param tau adaptivity, finite and > 0
   */
  public FedAdam(double eta, double beta1, double beta2, double tau) {
    super(StrategyKind.FEDADAM, eta, beta1, beta2, tau);
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
