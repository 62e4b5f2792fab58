package io.fedspark.federated.unlearning;

import io.fedspark.federated.curriculum.ConfigNames;

/** Which forget set {@link WorstCaseForgetSetSearch} looks for. */
public enum SearchMode {
  /**
   * The worst case: descend on {@code sum_i w_i l_i(theta_u(w)) + gamma ||w||^2}, picking examples
   * the unlearned model still fits (hardest to tell apart from retained data).
   */
  WORST("worst"),
  /** The easiest to forget: ascend on the same objective. */
  EASIEST("easiest");

  private final String configName;

  SearchMode(String configName) {
    this.configName = configName;
  }

  /** The spelling in configuration files ({@value WorstCaseSearchOptions#MODE}). */
  public String configName() {
    return configName;
  }

  /** The matching {@link ForgetKind} of result rows. */
  public ForgetKind forgetKind() {
    return this == WORST ? ForgetKind.WORST_CASE : ForgetKind.EASIEST;
  }

  /**
   * Parses a configuration name (any case).
   *
   * @param key the configuration key the text came from, for the error message
   */
  public static SearchMode parse(String text, String key) {
    return ConfigNames.parse(values(), SearchMode::configName, text, key);
  }
}
