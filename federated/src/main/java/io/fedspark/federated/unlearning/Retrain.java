package io.fedspark.federated.unlearning;

import io.fedspark.math.random.SeedSequence;

/**
 * Retrain, exact unlearning: train a freshly initialised model on the retain set with the
 * original model's recipe ({@link SgdTrainer#trainFromScratch}, initialised from
 * {@code seed.derive("init")}). The gold standard the other methods are measured against (the
 * "gap to Retrain" of Fan et al., ECCV 2024) and the most expensive. Options under
 * {@code unlearn.original} (Retrain is exact only with the original model's recipe, so it has no
 * keys of its own); default: {@link TrainingOptions#original()}.
 */
public final class Retrain extends ConfiguredMethod<TrainingOptions> {

  /** Retrain with the original model's default recipe. */
  public Retrain() {
    this(TrainingOptions.original());
  }

  public Retrain(TrainingOptions options) {
    super(options);
  }

  @Override
  public String name() {
    return "Retrain";
  }

  @Override
  public float[] unlearn(UnlearningProblem problem, SeedSequence seed) {
    return SgdTrainer.trainFromScratch(problem.spec(), problem.retain(), options, seed);
  }
}
