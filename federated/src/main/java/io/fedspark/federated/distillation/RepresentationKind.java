package io.fedspark.federated.distillation;

import io.fedspark.math.Choice;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the frozen target representation {@code phi} of KRR-ST is obtained. The reference (Lee et
 * al., ICLR 2024) uses a self-supervised Barlow Twins ResNet-18 without its head; at CPU scale an
 * MLP stands in, trained one of two ways.
 */
public enum RepresentationKind implements Choice {
  /**
   * The output of an MLP encoder trained with the Barlow Twins objective (Zbontar, Jing, Misra,
   * LeCun and Deny, "Barlow Twins: Self-Supervised Learning via Redundancy Reduction", ICML 2021)
   * on two augmented views through a projector; the projector is discarded.
   */
  SELF_SUPERVISED("self-supervised"),
  /** The penultimate layer (input of the last dense layer) of a classifier trained on the labels. */
  SUPERVISED("supervised");

  private final String configName;

  RepresentationKind(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration files and provenance. */
  public String configName() {
    return configName;
  }

  @Override
  public String toString() {
    return configName;
  }
}
