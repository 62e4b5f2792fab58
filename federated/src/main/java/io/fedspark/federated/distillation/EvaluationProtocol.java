package io.fedspark.federated.distillation;

/** How a pretrained network is evaluated on a target task (KRR-ST, Lee et al., ICLR 2024). */
public enum EvaluationProtocol {
  /** Freeze the network, train a new linear softmax head on its {@code features}. */
  LINEAR_PROBE("linear-probe"),
  /** Replace the head by a new classification head and train the whole network. */
  FINE_TUNE("fine-tune");

  private final String configName;

  EvaluationProtocol(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  @Override
  public String toString() {
    return configName;
  }
}
