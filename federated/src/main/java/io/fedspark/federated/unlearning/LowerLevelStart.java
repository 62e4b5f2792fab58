package io.fedspark.federated.unlearning;

import io.fedspark.federated.curriculum.ConfigNames;

/** Where the lower level of {@link WorstCaseForgetSetSearch} starts in every selection epoch. */
public enum LowerLevelStart {
  /** From the original model: the unlearning method being stressed is fine-tuning. */
  FINE_TUNE("fine-tune"),
  /**
   * From a fresh initialisation ({@code seed.derive("lower-init", epoch)}): the method is
   * retraining.
   */
  RETRAIN("retrain");

  private final String configName;

  LowerLevelStart(String configName) {
    this.configName = configName;
  }

  /** The spelling in configuration files ({@value WorstCaseSearchOptions#LOWER_LEVEL}). */
  public String configName() {
    return configName;
  }

  /**
   * Parses a configuration name (any case).
   *
   * @param key the configuration key the text came from, for the error message
   */
  public static LowerLevelStart parse(String text, String key) {
    return ConfigNames.parse(values(), LowerLevelStart::configName, text, key);
  }
}
