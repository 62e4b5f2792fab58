package io.fedspark.federated.unlearning;

import io.fedspark.federated.curriculum.ConfigNames;

/**
 * When RL ({@link RandomLabels}) and SalUn ({@link SalUn}) draw the random labels of the forget
 * set. The reference implementation ({@code RL.py} of Jia et al., NeurIPS 2023 and Fan et al.,
 * ECCV 2024; SalUn's, Fan et al., ICLR 2024) relabels a fresh copy of the forget set with
 * {@code np.random.randint} in every epoch.
 */
public enum RandomLabelDraw {
  /** New labels at the start of every epoch e, from {@code seed.derive("random-labels", e)}: the reference's. */
  PER_EPOCH("per-epoch"),
  /** One draw before training, from {@code seed.derive("random-labels")}, kept for every epoch. */
  ONCE("once");

  private final String configName;

  RandomLabelDraw(String configName) {
    this.configName = configName;
  }

  /** The spelling in configuration files ({@code unlearn.rl.labels}, {@code unlearn.salun.labels}). */
  public String configName() {
    return configName;
  }

  /**
   * Parses a configuration name (any case).
   *
   * @param key the configuration key the text came from, for the error message
   */
  public static RandomLabelDraw parse(String text, String key) {
    return ConfigNames.parse(values(), RandomLabelDraw::configName, text, key);
  }
}
