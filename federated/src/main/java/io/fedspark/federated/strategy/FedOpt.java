package io.fedspark.federated.strategy;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

/**
 * The adaptive server optimizers of Reddi, Charles, Zaheer, Garrett, Rush, Konečný, Kumar and
 * McMahan, 2021, "Adaptive Federated Optimization", ICLR (arXiv:2003.00295v5, Algorithm 2): the
 * round's FedAvg mean defines a pseudo-gradient, and the server applies Adagrad, Adam or Yogi to it.
 * Per parameter, with Delta_t = mean_t - w_t (note the sign: the direction the clients moved),
 *
 * <pre>
 *   m_t     = beta1 * m_{t-1} + (1 - beta1) * Delta_t
 *   v_t     = variant-specific, see {@link FedAdagrad}, {@link FedAdam}, {@link FedYogi}
 *   w_{t+1} = w_t + eta * m_t / (sqrt(v_t) + tau)
 * </pre>
 *
 * with m_{-1} = v_{-1} = 0. Tau controls the degree of adaptivity: a larger tau damps the step on
 * coordinates the clients barely changed. No bias correction is applied, as in Algorithm 2 (Flower
 * added an Adam-style bias-corrected learning rate to its {@code FedAdam} in late 2024; fedspark
 * follows the paper). The paper asks for v_{-1} >= tau^2; starting from 0, as Flower does, only
 * differs in the first round while tau^2 is negligible against Delta^2.
 *
 * <p>m and v are the server state ({@link #state()}), stored as float; each round reads them back
 * from those floats, so a run resumed from a checkpoint is bit-identical to an uninterrupted one.
 * Per-element arithmetic is in double, each stored value rounded once to float.
 */
public abstract sealed class FedOpt implements Strategy permits FedAdagrad, FedAdam, FedYogi {
  private final StrategyKind kind;
  private final double eta;
  private final double beta1;
  private final double beta2;
  private final double tau;
  private float[] m;
  private float[] v;

  FedOpt(Options o) {
    this.kind = o.kind();
    this.eta = o.eta();
    this.beta1 = o.beta1();
    this.beta2 = o.beta2();
    this.tau = o.tau();
  }

  /**
   * The settings of a FedOpt variant, each checked against that variant's own
   * {@code federate.strategy.<kind>.*} settings (see {@link Keys}).
   *
   * @param kind the variant
   * @param eta server learning rate, > 0
   * @param beta1 first-moment decay, in [0, 1)
   * @param beta2 second-moment decay, in [0, 1) (unused by FedAdagrad)
   * @param tau adaptivity, > 0
   */
  public record Options(StrategyKind kind, double eta, double beta1, double beta2, double tau)
      implements StrategyOptions {
    public Options {
      Keys k = keysOf(kind);
      k.eta().check(eta);
      k.beta1().check(beta1);
      if (k.beta2() != null) {
        k.beta2().check(beta2);
      }
      k.tau().check(tau);
    }

    @Override
    public Strategy create() {
      return switch (kind) {
        case FEDADAM -> new FedAdam(this);
        case FEDYOGI -> new FedYogi(this);
        case FEDADAGRAD -> new FedAdagrad(this);
        default -> throw new IllegalArgumentException(kind.configName() + " is not a FedOpt variant");
      };
    }
  }

  /**
   * The settings of one variant's block: {@code eta}, {@code beta1}, {@code beta2} (null when the
   * variant has none) and {@code tau} under {@code federate.strategy.<kind>}.
   */
  record Keys(Setting<Double> eta, Setting<Double> beta1, Setting<Double> beta2, Setting<Double> tau) {
    /** The block's four settings with the variant's defaults. */
    static Keys of(StrategyKind kind, double eta, double beta1, Double beta2, double tau) {
      String p = kind.keyPrefix() + ".";
      return new Keys(
          Setting.number(p + "eta", eta, Bounds.above(0)),
          Setting.number(p + "beta1", beta1, Bounds.closedOpen(0, 1)),
          beta2 == null ? null : Setting.number(p + "beta2", beta2, Bounds.closedOpen(0, 1)),
          Setting.number(p + "tau", tau, Bounds.above(0)));
    }

    /** The variant's settings read from {@code c}. */
    Options read(StrategyKind kind, ConfigView c) {
      return new Options(kind, c.get(eta), c.get(beta1), beta2 == null ? 0.0 : c.get(beta2), c.get(tau));
    }

    /** The variant's defaults. */
    Options defaults(StrategyKind kind) {
      return new Options(kind, eta.defaultValue(), beta1.defaultValue(), beta2 == null ? 0.0 : beta2.defaultValue(),
          tau.defaultValue());
    }
  }

  private static Keys keysOf(StrategyKind kind) {
    return switch (kind) {
      case FEDADAM -> FedAdam.KEYS;
      case FEDYOGI -> FedYogi.KEYS;
      case FEDADAGRAD -> FedAdagrad.KEYS;
      default -> throw new IllegalArgumentException(kind.configName() + " is not a FedOpt variant");
    };
  }

  /** v_t from v_{t-1} and Delta_t^2 (the variant's second-moment rule). */
  abstract double nextSecondMoment(double v, double deltaSquared);

  @Override
  public final String name() {
    return kind.configName();
  }

  /** Server learning rate eta. */
  public final double eta() {
    return eta;
  }

  public final double beta1() {
    return beta1;
  }

  /** Second-moment decay (unused by {@link FedAdagrad}). */
  public final double beta2() {
    return beta2;
  }

  /** Adaptivity tau, added to sqrt(v). */
  public final double tau() {
    return tau;
  }

  @Override
  public final float[] aggregate(float[] global, RoundUpdates updates) {
    float[] mean = RoundInputs.mean(name(), global, updates);
    if (m == null) {
      m = new float[global.length];
      v = new float[global.length];
    }
    RoundInputs.checkStateLength(name(), global, m.length);
    float[] next = new float[global.length];
    for (int j = 0; j < global.length; j++) {
      double delta = (double) mean[j] - global[j];
      m[j] = (float) firstMoment(m[j], delta, beta1);
      v[j] = (float) nextSecondMoment(v[j], delta * delta);
      next[j] = (float) step(global[j], m[j], v[j], eta, tau);
    }
    return next;
  }

  /** m_t = beta1 * m_{t-1} + (1 - beta1) * Delta_t. */
  static double firstMoment(double m, double delta, double beta1) {
    return beta1 * m + (1 - beta1) * delta;
  }

  /** w_{t+1} = w_t + eta * m_t / (sqrt(v_t) + tau). */
  static double step(double w, double m, double v, double eta, double tau) {
    return w + eta * m / (Math.sqrt(v) + tau);
  }

  /** {m, v}, or no arrays before the first round. */
  @Override
  public final float[][] state() {
    return m == null ? new float[0][] : new float[][] {m.clone(), v.clone()};
  }

  @Override
  public final void restore(float[][] state) {
    if (state.length == 0) {
      m = null;
      v = null;
      return;
    }
    float[][] s = RoundInputs.checkedState(name(), state, 2, "the first and second moments m, v");
    m = s[0];
    v = s[1];
  }
}
