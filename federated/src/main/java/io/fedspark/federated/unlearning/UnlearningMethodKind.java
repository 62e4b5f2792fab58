package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;
import java.util.function.Supplier;

/**
 * The unlearning methods, with their configuration names (the prefix of their keys is
 * {@code unlearn.<configName>}) and their default settings, scaled down to small data. The set
 * is the one Fan et al., "Challenging Forgets: Unveiling the Worst-Case Forget Sets in Machine
 * Unlearning" (ECCV 2024) evaluate, plus SCRUB and SalUn; each constant names the method's paper.
 */
public enum UnlearningMethodKind implements Choice {
  /** Exact unlearning: train from scratch on the retain set ({@link Retrain}). */
  RETRAIN("retrain", Retrain::new),
  /** Fine-tune on the retain set (Warnecke et al., NDSS 2023; {@link FineTune}). */
  FT("ft", FineTune::new),
  /** Gradient ascent on the forget set (Thudi et al., EuroS&amp;P 2022; {@link GradientAscent}). */
  GA("ga", GradientAscent::new),
  /**
   * Random labels on the forget set, trained with the retain set (Golatkar et al., CVPR 2020;
   * {@link RandomLabels}).
   */
  RL("rl", RandomLabels::new),
  /** Fine-tuning with a decaying l1 penalty (Jia et al., NeurIPS 2023; {@link L1SparseFineTune}). */
  L1_SPARSE("l1-sparse", L1SparseFineTune::new),
  /**
   * One-shot influence update with a diagonal Fisher (Izzo et al., AISTATS 2021;
   * {@link InfluenceUnlearning}).
   */
  IU("iu", InfluenceUnlearning::new),
  /**
   * Exact unlearning of the last k layers: re-initialise and retrain them (Goel et al., 2022;
   * {@link LastLayersUnlearning}).
   */
  EU_K("eu-k", LastLayersUnlearning::exact),
  /**
   * Catastrophic forgetting of the last k layers: fine-tune only them (Goel et al., 2022;
   * {@link LastLayersUnlearning}).
   */
  CF_K("cf-k", LastLayersUnlearning::fineTune),
  /**
   * Teacher-student unlearning: disobey the original model on the forget set, obey it on the retain
   * set (Kurmanji et al., NeurIPS 2023; {@link Scrub}). Not one of Fan et al.'s methods.
   */
  SCRUB("scrub", Scrub::new),
  /**
   * Random labels restricted to the weights with the largest forget-loss gradients (Fan et al.,
   * ICLR 2024; {@link SalUn}). Not in the default method list; "Challenging Forgets" reports its
   * gaps alongside the eight above.
   */
  SALUN("salun", SalUn::new);

  private final String configName;
  private final Supplier<UnlearningMethod> defaults;

  UnlearningMethodKind(String configName, Supplier<UnlearningMethod> defaults) {
    this.configName = configName;
    this.defaults = defaults;
  }

  /** The spelling in configuration files, e.g. {@code l1-sparse}; keys are {@code unlearn.<configName>.*}. */
  public String configName() {
    return configName;
  }

  /** The key prefix of this method's options, {@code unlearn.<configName>}. */
  public String keyPrefix() {
    return "unlearn." + configName;
  }

  /** The method with its default options. */
  public UnlearningMethod withDefaults() {
    return defaults.get();
  }
}
