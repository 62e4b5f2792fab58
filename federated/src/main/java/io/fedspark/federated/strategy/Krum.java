package io.fedspark.federated.strategy;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import io.fedspark.federated.stats.StableRanking;
import java.util.Arrays;

/**
 * Krum and Multi-Krum (Blanchard, El Mhamdi, Guerraoui and Stainer, 2017, "Machine Learning with
 * Adversaries: Byzantine Tolerant Gradient Descent", NeurIPS, Section 4; Multi-Krum: El Mhamdi,
 * Guerraoui and Rouault, 2018, "The Hidden Vulnerability of Distributed Learning in Byzantium",
 * ICML). Of the round's n client models, at most f Byzantine, each client i is scored by the sum
 * of squared distances to its n - f - 2 nearest other clients,
 *
 * <pre>
 *   score(i) = sum_{j in N_i} ||w_i - w_j||^2,   |N_i| = max(1, n - f - 2)   (capped at n - 1)
 * </pre>
 *
 * and the next global model is the unweighted mean of the m clients with the lowest scores (m = 1
 * is Krum: the single best client's model). Ties in score go to the lower client id, so the choice
 * is a pure function of the updates. Like Flower's {@code Krum}, the rule is applied to the
 * clients' parameters and does not refuse n <= 2f + 2 (the guarantee then no longer holds).
 * Distances are summed in double. Stateless; needs every client's parameters.
 */
public final class Krum extends PerClientStrategy {
  /** {@code federate.strategy.krum.byzantine}: f, the number of Byzantine clients tolerated. */
  public static final Setting<Integer> BYZANTINE = Setting.integer("federate.strategy.krum.byzantine", 0, 0);
  /** {@code federate.strategy.krum.keep}: m, the clients averaged (1 = Krum, more = Multi-Krum). */
  public static final Setting<Integer> KEEP = Setting.integer("federate.strategy.krum.keep", 1, 1);

  /**
   * @param byzantine f
   * @param keep m
   */
  public record Options(int byzantine, int keep) implements StrategyOptions {
    public Options {
      BYZANTINE.check(byzantine);
      KEEP.check(keep);
    }

    /** The {@code federate.strategy.krum} block of {@code c}. */
    public static Options from(ConfigView c) {
      return new Options(c.get(BYZANTINE), c.get(KEEP));
    }

    @Override
    public StrategyKind kind() {
      return StrategyKind.KRUM;
    }

    @Override
    public Strategy create() {
      return new Krum(byzantine, keep);
    }
  }

  private final int byzantine;
  private final int keep;

  /**
   * @param byzantine f, >= 0
   * @param keep m, >= 1
   */
  public Krum(int byzantine, int keep) {
    super(StrategyKind.KRUM);
    this.byzantine = BYZANTINE.check(byzantine);
    this.keep = KEEP.check(keep);
  }

  @Override
  float[] aggregate(float[] global, float[][] clients) {
    int[] chosen = select(clients, byzantine, keep);
    float[] next = new float[global.length];
    for (int j = 0; j < global.length; j++) {
      double sum = 0;
      for (int i : chosen) {
        sum += clients[i][j];
      }
      next[j] = (float) (sum / chosen.length);
    }
    return next;
  }

  /**
   * The positions of the min(m, n) lowest-scoring clients, ascending by (score, position).
   *
   * @param clients the clients' parameters (positions are client-id order)
   */
  static int[] select(float[][] clients, int byzantine, int keep) {
    return StableRanking.first(scores(clients, byzantine), keep, false);
  }

  /** score(i) for every client (0 for a single client). */
  static double[] scores(float[][] clients, int byzantine) {
    int n = clients.length;
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = i + 1; k < n; k++) {
        double s = 0;
        for (int j = 0; j < clients[i].length; j++) {
          double diff = (double) clients[i][j] - clients[k][j];
          s += diff * diff;
        }
        d[i][k] = s;
        d[k][i] = s;
      }
    }
    int neighbours = Math.min(n - 1, Math.max(1, n - byzantine - 2));
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      double[] others = new double[n - 1];
      for (int k = 0, o = 0; k < n; k++) {
        if (k != i) {
          others[o++] = d[i][k];
        }
      }
      Arrays.sort(others);
      double s = 0;
      for (int k = 0; k < neighbours; k++) {
        s += others[k];
      }
      scores[i] = s;
    }
    return scores;
  }
}
