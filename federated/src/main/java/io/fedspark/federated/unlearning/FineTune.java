package io.fedspark.federated.unlearning;

import io.fedspark.math.random.SeedSequence;

/**
 * FT: fine-tune the original model on the retain set only, relying on catastrophic forgetting of
 * the forget set (Warnecke et al., "Machine Unlearning of Features and Labels", NDSS 2023; as run
 * by Jia et al., NeurIPS 2023 and Fan et al., ECCV 2024). Options under {@code unlearn.ft};
 * default: 10 epochs, lr 0.01 constant, momentum 0.9, weight decay 5e-4, batch 64.
 */
public final class FineTune extends ConfiguredMethod<TrainingOptions> {

  public FineTune() {
    this(UnlearningMethodSettings.FT.defaults());
  }

  public FineTune(TrainingOptions options) {
    super(options);
  }

  @Override
  public String name() {
    return "FT";
  }

  @Override
  public float[] unlearn(UnlearningProblem problem, SeedSequence seed) {
    return SgdTrainer.train(problem.spec(), problem.originalParams(), problem.retain(), options, seed);
  }
}
