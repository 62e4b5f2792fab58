package io.fedspark.federated.strategy;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

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
  /** {@code federate.strategy.fedavgm.server-learning-rate}: eta_s, Flower's {@code server_learning_rate} 1.0. */
  public static final Setting<Double> SERVER_LEARNING_RATE =
      Setting.number("federate.strategy.fedavgm.server-learning-rate", 1.0, Bounds.above(0));
  /** {@code federate.strategy.fedavgm.server-momentum}: beta, Hsu et al.'s 0.9 (Flower's 0 is plain FedAvg). */
  public static final Setting<Double> SERVER_MOMENTUM =
      Setting.number("federate.strategy.fedavgm.server-momentum", 0.9, Bounds.closedOpen(0, 1));

  /**
   * @param serverLearningRate eta_s
   * @param serverMomentum beta
   */
  public record Options(double serverLearningRate, double serverMomentum) implements StrategyOptions {
    public Options {
      SERVER_LEARNING_RATE.check(serverLearningRate);
      SERVER_MOMENTUM.check(serverMomentum);
    }

    /** The {@code federate.strategy.fedavgm} block of {@code c}. */
    public static Options from(ConfigView c) {
      return new Options(c.get(SERVER_LEARNING_RATE), c.get(SERVER_MOMENTUM));
    }

    @Override
    public StrategyKind kind() {
      return StrategyKind.FEDAVGM;
    }

    @Override
    public Strategy create() {
      return new FedAvgM(serverLearningRate, serverMomentum);
    }
  }

  private final double serverLearningRate;
  private final double serverMomentum;
  private float[] velocity;

  /** FedAvgM with the defaults of its settings. */
  public FedAvgM() {
    this(SERVER_LEARNING_RATE.defaultValue(), SERVER_MOMENTUM.defaultValue());
  }

  /**
   * @param serverLearningRate eta_s, finite and > 0
   * @param serverMomentum beta, in [0, 1)
   */
  public FedAvgM(double serverLearningRate, double serverMomentum) {
    this.serverLearningRate = SERVER_LEARNING_RATE.check(serverLearningRate);
    this.serverMomentum = SERVER_MOMENTUM.check(serverMomentum);
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
