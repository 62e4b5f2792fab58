package io.fedspark.federated.strategy;

/**
 * FedYogi (Reddi et al., 2021, "Adaptive Federated Optimization", ICLR, Algorithm 2, after Zaheer
 * et al., 2018, "Adaptive Methods for Nonconvex Optimization"): the {@link FedOpt} server step with
 * Yogi's additive second moment
 *
 * <pre>
 *   v_t = v_{t-1} - (1 - beta2) * Delta_t^2 * sign(v_{t-1} - Delta_t^2)
 * </pre>
 *
 * which moves v towards Delta^2 by a bounded amount instead of Adam's multiplicative decay, so a
 * burst of large pseudo-gradients cannot collapse the effective step size at once (sign(0) = 0).
 * Defaults are Flower's {@code FedYogi}: eta = 0.01, beta1 = 0.9, beta2 = 0.99, tau = 1e-3.
 */
public final class FedYogi extends FedOpt {
  public static final double DEFAULT_ETA = 0.01;
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.99;
  public static final double DEFAULT_TAU = 1e-3;

  /** FedYogi with the defaults above. */
  public FedYogi() {
    this(DEFAULT_ETA, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_TAU);
  }

  /**
   * @param eta server learning rate, finite and > 0
   * @param beta1 first-moment decay, in [0, 1)
   * @param beta2 second-moment rate, in [0, 1)
   * @param tau adaptivity, finite and > 0
   */
  public FedYogi(double eta, double beta1, double beta2, double tau) {
    super(StrategyKind.FEDYOGI, eta, beta1, beta2, tau);
  }

  @Override
  double nextSecondMoment(double v, double deltaSquared) {
    return secondMoment(v, deltaSquared, beta2());
  }

  /** v_t = v_{t-1} - (1 - beta2) * Delta_t^2 * sign(v_{t-1} - Delta_t^2). */
  static double secondMoment(double v, double deltaSquared, double beta2) {
    return v - (1 - beta2) * deltaSquared * Math.signum(v - deltaSquared);
  }
}
