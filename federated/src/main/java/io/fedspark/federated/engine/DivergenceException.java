package io.fedspark.federated.engine;

import io.fedspark.federated.aggregate.WeightedParameterSum;

/**
 * Training diverged: an update (a client's in {@code federate}, a partition's in {@code train}) has
 * a loss or parameter that is not finite, or one so large that the exact fixed-point aggregation
 * ({@link WeightedParameterSum}: |weight x value| < 2^31) cannot hold it, which only a diverging
 * run reaches. In {@code train} it is thrown where the update is made ({@link #check}, on the
 * executor or in-process), before it is aggregated; in {@code federate} a diverged client is a
 * failed update ({@link io.fedspark.federated.client.ClientUpdate#diverged}) and the round that
 * fails under the failure policy throws this, naming the first diverged client. The message names
 * the round or epoch, the client or partition and the setting to lower; the command line prints it
 * as a configuration error (exit 2).
 */
public final class DivergenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DivergenceException(String message) {
    super(message);
  }

  /**
   * Checks an update before it is aggregated.
   *
   * @param where "round 3: client 7's update" or "epoch 2: partition 1's update"
   * @param params the update's parameters (or a state array aggregated like them)
   * @param weight its aggregation weight (its example count)
   * @param setting the setting to lower, e.g. {@code federate.client.learning-rate}
   */
  public static void check(String where, float[] params, double weight, String setting) {
    String problem = problem(where, params, weight, setting);
    if (problem != null) {
      throw new DivergenceException(problem);
    }
  }

  /**
   * What is wrong with an update that exact aggregation cannot take ({@link #check}'s message), or
   * null if it can: for a caller that records a diverged update instead of throwing.
   */
  public static String problem(String where, float[] params, double weight, String setting) {
    int j = WeightedParameterSum.unrepresentable(params, weight);
    if (j < 0) {
      return null;
    }
    float v = params[j];
    return where + (Float.isFinite(v)
        ? " diverged (parameter " + j + " = " + v + ", beyond what aggregation can hold at weight " + (long) weight + ")"
        : " is not finite (parameter " + j + " = " + v + ")") + "; lower " + setting;
  }
}
