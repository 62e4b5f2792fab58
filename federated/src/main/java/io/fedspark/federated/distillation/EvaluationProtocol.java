package io.fedspark.federated.distillation;

import io.fedspark.math.Choice;
/** How a pretrained network is evaluated on a target task (KRR-ST, Lee et al., ICLR 2024). */
public enum EvaluationProtocol implements Choice {
  /** Freeze the network, train a new linear softmax head on its {@code features}. */
  LINEAR_PROBE,
  /** Replace the head by a new classification head and train the whole network. */
  FINE_TUNE;

  @Override
  public String toString() {
    return configName();
  }
}
