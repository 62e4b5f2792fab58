package io.fedspark.federated.strategy;

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
  public static final double DEFAULT_ETA = 0.1;
  public static final double DEFAULT_BETA1 = 0.0;
  public static final double DEFAULT_TAU = 1e-3;

  /** FedAdagrad with the defaults above. */
  public FedAdagrad() {
    this(DEFAULT_ETA, DEFAULT_BETA1, DEFAULT_TAU);
  }

  /**
   * @param eta server learning rate, finite and > 0
   * @param beta1 first-moment decay, in [0, 1)
   * @param tau adaptivity, finite and > 0
   */
  public FedAdagrad(double eta, double beta1, double tau) {
    super(StrategyKind.FEDADAGRAD, eta, beta1, 0.0, tau);
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
