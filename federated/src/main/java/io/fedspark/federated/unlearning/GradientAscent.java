package io.fedspark.federated.unlearning;

import io.fedspark.math.random.SeedSequence;

/**
 * GA: gradient ascent on the forget set's mean cross-entropy from the original model, so that the
 * model unfits the forget set (Thudi et al., "Unrolling SGD: Understanding Factors Influencing
 * Machine Unlearning", EuroS&amp;P 2022; Graves et al., AAAI 2021). Uses only the forget set; its
 * failure mode is damaging the rest, which RA and TA show. Options under {@code unlearn.ga};
 * default: 5 epochs, lr 0.01 constant, momentum 0.9, weight decay 5e-4, batch 64 (the reference
 * rate, about 1e-4 over thousands of CIFAR steps, is raised because a small forget set gives only
 * a few steps per epoch).
 */
public final class GradientAscent extends ConfiguredMethod<TrainingOptions> {

  public GradientAscent() {
    this(UnlearningMethodSettings.GA.defaults());
  }

  public GradientAscent(TrainingOptions options) {
    super(options);
  }

  @Override
  public String name() {
    return "GA";
  }

  @Override
  public float[] unlearn(UnlearningProblem problem, SeedSequence seed) {
    SgdTrainer.Objective ascent = new SgdTrainer.Objective(true, SgdTrainer.Reduction.MEAN, null,
        options.weightDecay(), null);
    return SgdTrainer.train(problem.spec(), problem.originalParams(), problem.forget(), options, seed, ascent);
  }
}
