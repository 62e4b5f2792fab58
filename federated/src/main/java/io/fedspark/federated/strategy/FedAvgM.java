package io.fedspark.federated.strategy;

/**
 * FedAvg with server momentum, FedAvgM (Hsu, Qi and Brown, 2019, "Measuring the Effects of
 * Non-Identical Data Distribution for Federated Visual Classification", arXiv:1909.06335, Section 3):
 * the server treats the change proposed by the round as a pseudo-gradient and applies heavy-ball
 * momentum to it,
 *
 * <pre>
 *   delta_t = w_t - mean_t            (mean_t = sum_k (n_k / n) w_k, FedAvg's model)
 *   v_t     = beta * v_{t-1} + delta_t,   v_0 = 0
 *   w_{t+1} = w_t - eta_s * v_t
 * </pre>
 *
 * With beta = 0 and eta_s = 1 this is FedAvg. The velocity v is the server state ({@link #state()});
 * it is stored as float, and every round reads it back from that float, so a run resumed from a
 * checkpoint is bit-identical to an uninterrupted one.
 */
public final class FedAvgM implements Strategy {
  /** Default server learning rate eta_s (Flower's {@code server_learning_rate}). */
  public static final double DEFAULT_SERVER_LEARNING_RATE = 1.0;
  /** Default server momentum beta (Hsu et al.'s usual setting; Flower's default of 0 is plain FedAvg). */
  public static final double DEFAULT_SERVER_MOMENTUM = 0.9;

  private final double serverLearningRate;
  private final double serverMomentum;
  private float[] velocity;

  /** FedAvgM with eta_s = {@value #DEFAULT_SERVER_LEARNING_RATE}, beta = {@value #DEFAULT_SERVER_MOMENTUM}. */
  public FedAvgM() {
    this(DEFAULT_SERVER_LEARNING_RATE, DEFAULT_SERVER_MOMENTUM);
  }

  /**
   * @param serverLearningRate eta_s, finite and > 0
   * @param serverMomentum beta, in [0, 1)
   */
  public FedAvgM(double serverLearningRate, double serverMomentum) {
    if (!(serverLearningRate > 0) || Double.isInfinite(serverLearningRate)) {
      throw new IllegalArgumentException(
          "fedavgm: server learning rate is " + serverLearningRate + ", expected a finite number > 0");
    }
    if (!(serverMomentum >= 0 && serverMomentum < 1)) {
      throw new IllegalArgumentException("fedavgm: server momentum is " + serverMomentum + ", expected a number in [0, 1)");
    }
    this.serverLearningRate = serverLearningRate;
    this.serverMomentum = serverMomentum;
  }

  @Override
  public String name() {
    return StrategyKind.FEDAVGM.configName();
  }

  public double serverLearningRate() {
    return serverLearningRate;
  }

  public double serverMomentum() {
    return serverMomentum;
  }

  @Override
  public float[] aggregate(float[] global, RoundUpdates updates) {
    float[] mean = RoundInputs.mean(name(), global, updates);
    if (velocity == null) {
      velocity = new float[global.length];
    }
    RoundInputs.checkStateLength(name(), global, velocity.length);
    float[] next = new float[global.length];
    step(global, mean, velocity, serverLearningRate, serverMomentum, next);
    return next;
  }

  /**
   * One FedAvgM step, a pure function of its inputs: updates {@code velocity} in place to
   * beta * v + (w - mean) and writes w - eta_s * v into {@code out}. Arithmetic is in double, each
   * result rounded once to float.
   */
  static void step(float[] w, float[] mean, float[] velocity, double eta, double beta, float[] out) {
    for (int j = 0; j < w.length; j++) {
      double delta = (double) w[j] - mean[j];
      velocity[j] = (float) (beta * velocity[j] + delta);
      out[j] = (float) (w[j] - eta * velocity[j]);
    }
  }

  /** {velocity}, or no arrays before the first round. */
  @Override
  public float[][] state() {
    return velocity == null ? new float[0][] : new float[][] {velocity.clone()};
  }

  @Override
  public void restore(float[][] state) {
    if (state.length == 0) {
      velocity = null;
      return;
    }
    velocity = RoundInputs.checkedState(name(), state, 1, "the server velocity")[0];
  }
}
