package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;

/** How {@link ClientUnlearning} forgets a whole client. */
public enum ClientUnlearningMethod implements Choice {
  /**
   * Retrain without the client: FedAvg from the same initial parameters and seed on the remaining
   * clients, renumbered consecutively (exact unlearning, the baseline; the cost of the original
   * run).
   */
  RETRAIN("retrain", "Retrain-without-client"),
  /** Fine-tune the trained global model with FedAvg on the remaining clients for r rounds. */
  FINE_TUNE("ft", "FT-rounds"),
  /** Gradient ascent on the client's data from the trained global model ({@link GradientAscent}). */
  GRADIENT_ASCENT("ga", "GA-client");

  private final String configName;
  private final String resultName;

  ClientUnlearningMethod(String configName, String resultName) {
    this.configName = configName;
    this.resultName = resultName;
  }

  /** The spelling in configuration files. */
  public String configName() {
    return configName;
  }

  /** The method's name in result rows. */
  public String resultName() {
    return resultName;
  }
}
