package io.fedspark.federated.unlearning;

import io.fedspark.federated.curriculum.ConfigNames;

/** How a forget set was chosen, recorded with every {@link UnlearningResult}. */
public enum ForgetKind {
  /** A uniform random subset of the training set. */
  RANDOM("random"),
  /** The worst-case set of {@link WorstCaseForgetSetSearch} ({@link SearchMode#WORST}). */
  WORST_CASE("worst-case"),
  /** The easiest-to-forget set of {@link WorstCaseForgetSetSearch} ({@link SearchMode#EASIEST}). */
  EASIEST("easiest"),
  /** All the data of one federated client ({@link ClientUnlearning}). */
  CLIENT("client"),
  /** All the data of the worst-case client to forget ({@link WorstCaseClientSearch}). */
  WORST_CASE_CLIENT("worst-case-client");

  private final String configName;

  ForgetKind(String configName) {
    this.configName = configName;
  }

  /** The spelling in configuration files and result rows. */
  public String configName() {
    return configName;
  }

  /**
   * Parses a configuration name (any case).
   *
   * @param key the configuration key the text came from, for the error message
   */
  public static ForgetKind parse(String text, String key) {
    return ConfigNames.parse(values(), ForgetKind::configName, text, key);
  }
}
