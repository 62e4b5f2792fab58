package io.fedspark.federated.curriculum;

/**
 * Under which model a curriculum scores examples (Vahidian et al., "When Do Curricula Work in
 * Federated Learning?", ICCV 2023):
 * <ul>
 *   <li>{@link #EXPERT}: a model trained centrally before the run (reference: 10 epochs, batch
 *       64); the job trains it and passes its parameters;</li>
 *   <li>{@link #GLOBAL}: the global model the client receives this round;</li>
 *   <li>{@link #LOCAL}: the client's own last local model (the initial global model for a
 *       client that has not trained yet);</li>
 *   <li>{@link #LOCAL_PLUS_GLOBAL}: {@code score_i = s_i(global) + s_i(local)}, the sum of the
 *       GLOBAL and LOCAL scores.</li>
 * </ul>
 * The scorer ({@link ExampleScorer}) takes the model's parameter vectors and sums the scores over
 * them, so LOCAL_PLUS_GLOBAL is simply two vectors.
 */
public enum ScoringModel {
  EXPERT("expert"),
  GLOBAL("global"),
  LOCAL("local"),
  LOCAL_PLUS_GLOBAL("local-plus-global");

  private final String configName;

  ScoringModel(String configName) {
    this.configName = configName;
  }

  /** Number of parameter vectors whose scores are summed: 2 for LOCAL_PLUS_GLOBAL, else 1. */
  public int parameterSets() {
    return this == LOCAL_PLUS_GLOBAL ? 2 : 1;
  }

  /** The spelling in configuration files: expert, global, local, local-plus-global. */
  public String configName() {
    return configName;
  }

  /**
   * Parses a config name (any case).
   *
   * @param key the configuration key the text came from, for the error message
   */
  public static ScoringModel parse(String text, String key) {
    return ConfigNames.parse(values(), ScoringModel::configName, text, key);
  }
}
