package io.fedspark.federated.curriculum;

/**
 * What a curriculum score measures per example (Vahidian et al., "When Do Curricula Work in
 * Federated Learning?", ICCV 2023): the cross-entropy loss without reduction ({@link #LOSS}), or
 * the 0/1 misclassification indicator {@code [argmax f(x) != y]} ({@link #PREDICTION}, the
 * "prediction" variant). Higher is harder in both.
 */
public enum ScoreKind {
  LOSS("loss"),
  PREDICTION("prediction");

  private final String configName;

  ScoreKind(String configName) {
    this.configName = configName;
  }

  /** The spelling in configuration files: loss, prediction. */
  public String configName() {
    return configName;
  }

  /**
   * Parses a config name (any case).
   *
   * @param key the configuration key the text came from, for the error message
   */
  public static ScoreKind parse(String text, String key) {
    return ConfigNames.parse(values(), ScoreKind::configName, text, key);
  }
}
