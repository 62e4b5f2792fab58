package io.fedspark.federated.unlearning;

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
  public static final String PREFIX = "unlearn.l1-sparse.";
  public static final String ALPHA = "unlearn.l1-sparse.alpha";
  public static final String NO_L1_EPOCHS = "unlearn.l1-sparse.no-l1-epochs";

  public L1SparseOptions {
    Objects.requireNonNull(training, "training");
    TrainingOptions.check(alpha >= 0f && !Float.isInfinite(alpha), ALPHA, alpha, "a finite number >= 0");
    TrainingOptions.check(noL1Epochs >= 0 && noL1Epochs < training.epochs(), NO_L1_EPOCHS, noL1Epochs,
        "an integer in [0, " + training.epochs() + ") (" + training.keyPrefix() + ".epochs is " + training.epochs()
            + ")");
  }

  public L1SparseOptions() {
    this(TrainingOptions.constant(UnlearningMethodKind.L1_SPARSE.keyPrefix(), 10, 0.01f), 1e-3f, 0);
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
