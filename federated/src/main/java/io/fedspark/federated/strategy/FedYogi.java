package io.fedspark.federated.strategy;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

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
  /** The {@code federate.strategy.fedyogi} block: Flower's FedYogi. */
  static final Keys KEYS = Keys.of(StrategyKind.FEDYOGI, 0.01, 0.9, 0.99, 1e-3);
  /** {@code federate.strategy.fedyogi.eta}: the server learning rate. */
  public static final Setting<Double> ETA = KEYS.eta();
  /** {@code federate.strategy.fedyogi.beta1}: the first-moment decay. */
  public static final Setting<Double> BETA1 = KEYS.beta1();
  /** {@code federate.strategy.fedyogi.beta2}: the second-moment rate. */
  public static final Setting<Double> BETA2 = KEYS.beta2();
  /** {@code federate.strategy.fedyogi.tau}: the adaptivity. */
  public static final Setting<Double> TAU = KEYS.tau();

  /** FedYogi with the defaults of its settings. */
  public FedYogi() {
    this(KEYS.defaults(StrategyKind.FEDYOGI));
  }

  /** The {@code federate.strategy.fedyogi} block of {@code c}. */
  public static StrategyOptions options(ConfigView c) {
    return KEYS.read(StrategyKind.FEDYOGI, c);
  }

  /**
   * @param eta server learning rate, finite and > 0
   * @param beta1 first-moment decay, in [0, 1)
   * @param beta2 second-moment rate, in [0, 1)
   * @param tau adaptivity, finite and > 0
   */
  public FedYogi(double eta, double beta1, double beta2, double tau) {
    this(new Options(StrategyKind.FEDYOGI, eta, beta1, beta2, tau));
  }

  FedYogi(Options o) {
    super(o);
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
