package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link L1SparseFineTune}, keys under {@value #PREFIX}. Default: alpha 1e-3 (Fan et
 * al., ECCV 2024), decayed linearly over all epochs ({@code noL1Epochs} 0), and the FT recipe
 * (10 epochs, lr 0.01, momentum 0.9, weight decay 5e-4, batch 64).
 *
 * @param training the fine-tuning recipe ({@code unlearn.l1-sparse.epochs}, ...)
 * @param alpha the initial l1 coefficient, finite and >= 0 ({@value #ALPHA})
 * @param noL1Epochs final epochs without the penalty, in [0, epochs) ({@value #NO_L1_EPOCHS})
 */
public record L1SparseOptions(TrainingOptions training, float alpha, int noL1Epochs) implements Serializable {
  /** {@code unlearn.l1-sparse.*}: FT's recipe, 10 epochs at 0.01. */
  public static final TrainingOptions.Keys TRAINING =
      TrainingOptions.keys(TrainingOptions.constant(UnlearningMethodKind.L1_SPARSE.keyPrefix(), 10, 0.01f), false);
  /** {@code unlearn.l1-sparse.alpha}: the paper's 1e-3. */
  public static final Setting<Double> ALPHA = Setting.number("unlearn.l1-sparse.alpha", 1e-3, Bounds.atLeast(0));
  /** {@code unlearn.l1-sparse.no-l1-epochs}: final epochs without the l1 term. */
  public static final Setting<Integer> NO_L1_EPOCHS = Setting.integer("unlearn.l1-sparse.no-l1-epochs", 0, 0);

  public L1SparseOptions {
    Objects.requireNonNull(training, "training");
    ALPHA.check((double) alpha);
    NO_L1_EPOCHS.where(v -> v < training.epochs(), "an integer in [0, " + training.epochs() + ") ("
        + training.keyPrefix() + ".epochs is " + training.epochs() + ")").check(noL1Epochs);
  }

  /** The defaults of every key. */
  public L1SparseOptions() {
    this(ConfigView.defaults());
  }

  /** The keys under {@code unlearn.l1-sparse} in {@code c}. */
  public L1SparseOptions(ConfigView c) {
    this(TRAINING.read(c), c.get(ALPHA).floatValue(), c.get(NO_L1_EPOCHS));
  }

  public L1SparseOptions withTraining(TrainingOptions value) {
    return new L1SparseOptions(value, alpha, noL1Epochs);
  }

  public L1SparseOptions withAlpha(float value) {
    return new L1SparseOptions(training, value, noL1Epochs);
  }

  /** The l1 coefficient of epoch e: {@code alpha (1 - e / (epochs - noL1Epochs))}, then 0. */
  public float alphaAt(int epoch) {
    int decayEpochs = training.epochs() - noL1Epochs;
    return epoch < decayEpochs ? (float) (alpha * (1.0 - (double) epoch / decayEpochs)) : 0f;
  }
}
