package io.fedspark.federated.unlearning;

import io.fedspark.math.random.SeedSequence;

/**
 * l1-sparse unlearning: fine-tune on the retain set with an l1 penalty whose coefficient decays
 * linearly, {@code L = L_retain + alpha_e ||theta||_1} with
 * {@code alpha_e = alpha (1 - e / (epochs - noL1Epochs))} in epoch e (Jia et al., "Model Sparsity
 * Can Simplify Machine Unlearning", NeurIPS 2023). The penalty's subgradient
 * {@code alpha_e sign(theta)} (0 at 0) is added to every minibatch gradient, over all parameters
 * as in the reference. See {@link L1SparseOptions} for the settings.
 */
public final class L1SparseFineTune extends ConfiguredMethod<L1SparseOptions> {

  public L1SparseFineTune() {
    this(new L1SparseOptions());
  }

  public L1SparseFineTune(L1SparseOptions options) {
    super(options);
  }

  @Override
  public String name() {
    return "l1-sparse";
  }

  @Override
  public float[] unlearn(UnlearningProblem problem, SeedSequence seed) {
    TrainingOptions training = options.training();
    SgdTrainer.GradientHook l1 = (params, grad, epoch) -> {
      float a = options.alphaAt(epoch);
      if (a != 0f) {
        for (int j = 0; j < grad.length; j++) {
          grad[j] += a * Math.signum(params[j]);
        }
      }
    };
    SgdTrainer.Objective objective = new SgdTrainer.Objective(false, SgdTrainer.Reduction.MEAN, l1,
        training.weightDecay(), null);
    return SgdTrainer.train(problem.spec(), problem.originalParams(), problem.retain(), training, seed, objective);
  }
}
