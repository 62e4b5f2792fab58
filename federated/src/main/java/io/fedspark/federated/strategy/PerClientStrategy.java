package io.fedspark.federated.strategy;

import java.util.Arrays;

/**
 * The shape of the Byzantine-robust server rules (coordinate-wise median and trimmed mean, Yin et
 * al. 2018, "Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates", ICML;
 * Krum and Multi-Krum, Blanchard et al. 2017, NeurIPS): they need every successful client's
 * parameters one by one, not a weighted sum, so each round hands them the list of client models
 * (each checked to have the global model's length) and they return the next global model.
 */
abstract class PerClientStrategy implements Strategy {
  private final StrategyKind kind;

  /** @param kind the strategy's kind, whose configuration name is its {@link #name()} */
  PerClientStrategy(StrategyKind kind) {
    this.kind = kind;
  }

  @Override
  public final String name() {
    return kind.configName();
  }

  @Override
  public final boolean needsIndividualUpdates() {
    return true;
  }

  @Override
  public final float[] aggregate(float[] global, RoundUpdates updates) {
    return aggregate(global, RoundInputs.clientParameters(name(), global, updates));
  }

  /**
   * The next global model from the clients' models of this round.
   *
   * @param global the current global model (not modified)
   * @param clients the successful clients' parameters, each of {@code global.length}
   */
  abstract float[] aggregate(float[] global, float[][] clients);

  /** A coordinate-wise rule: one value from the clients' values of a coordinate, sorted ascending. */
  @FunctionalInterface
  interface SortedColumnRule {
    float of(float[] sorted);
  }

  /**
   * The model whose coordinate {@code j} is {@code rule} applied to the clients' values of
   * coordinate {@code j} in ascending order (the coordinate-wise rules of Yin et al. 2018).
   */
  static float[] coordinateWise(int length, float[][] clients, SortedColumnRule rule) {
    float[] next = new float[length];
    float[] column = new float[clients.length];
    for (int j = 0; j < length; j++) {
      for (int k = 0; k < clients.length; k++) {
        column[k] = clients[k][j];
      }
      Arrays.sort(column);
      next[j] = rule.of(column);
    }
    return next;
  }
}
