package io.fedspark.federated.strategy;

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

  FedOpt(StrategyKind kind, double eta, double beta1, double beta2, double tau) {
    String name = kind.configName();
    if (!(eta > 0) || Double.isInfinite(eta)) {
      throw new IllegalArgumentException(name + ": server learning rate eta is " + eta + ", expected a finite number > 0");
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException(name + ": beta1 is " + beta1 + ", expected a number in [0, 1)");
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(name + ": beta2 is " + beta2 + ", expected a number in [0, 1)");
    }
    if (!(tau > 0) || Double.isInfinite(tau)) {
      throw new IllegalArgumentException(name + ": tau is " + tau + ", expected a finite number > 0");
    }
    this.kind = kind;
    this.eta = eta;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.tau = tau;
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
