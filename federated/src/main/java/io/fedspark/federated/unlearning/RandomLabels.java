package io.fedspark.federated.unlearning;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.random.SeedSequence;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * RL: relabel every forget example with a class drawn uniformly from all classes (possibly its
 * own, as in the reference implementations), once, from {@code seed.derive("random-labels")},
 * then fine-tune the original model on the retain set together with the relabelled forget set
 * (Golatkar et al., "Eternal Sunshine of the Spotless Net", CVPR 2020; Fan et al., ICLR 2024 and
 * ECCV 2024). Options under {@code unlearn.rl}; default: 10 epochs, lr 0.01 constant, momentum
 * 0.9, weight decay 5e-4, batch 64.
 */
public final class RandomLabels implements UnlearningMethod {
  private final TrainingOptions options;

  public RandomLabels() {
    this(UnlearningMethodSettings.RL.defaults());
  }

  public RandomLabels(TrainingOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  public TrainingOptions options() {
    return options;
  }

  @Override
  public String name() {
    return "RL";
  }

  @Override
  public float[] unlearn(UnlearningProblem problem, SeedSequence seed) {
    return SgdTrainer.train(problem.spec(), problem.originalParams(), withRandomLabels(problem, seed), options, seed);
  }

  /**
   * The retain set followed by the forget set with every label replaced by a class drawn
   * uniformly from {@code seed.derive("random-labels")}: RL's training set (and SalUn's).
   */
  static LabeledDataset withRandomLabels(UnlearningProblem problem, SeedSequence seed) {
    LabeledDataset retain = problem.retain();
    LabeledDataset forget = problem.forget();
    int classes = problem.spec().outputSize();
    int d = retain.featureCount();
    int nr = retain.size();
    int nf = forget.size();
    float[] x = new float[(nr + nf) * d];
    int[] y = new int[nr + nf];
    System.arraycopy(retain.features(), 0, x, 0, nr * d);
    System.arraycopy(retain.labels(), 0, y, 0, nr);
    System.arraycopy(forget.features(), 0, x, nr * d, nf * d);
    SplittableRandom random = seed.derive("random-labels").random();
    for (int i = 0; i < nf; i++) {
      y[nr + i] = random.nextInt(classes);
    }
    return LabeledDataset.of(retain.name() + "+relabelled-forget", retain.shape(), x, y, classes);
  }
}
