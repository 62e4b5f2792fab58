package io.fedspark.federated.unlearning;

import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link RandomLabels}, keys under {@code unlearn.rl.*}.
 *
 * @param training the SGD recipe ({@code unlearn.rl.{epochs, batch-size, learning-rate, momentum,
 *     weight-decay}}; default 10 epochs, lr 0.01 constant, momentum 0.9, weight decay 5e-4, batch 64)
 * @param labels when the forget set's random labels are drawn ({@value #LABELS}; default per-epoch,
 *     the reference's)
 */
public record RandomLabelsOptions(TrainingOptions training, RandomLabelDraw labels) implements Serializable {
  public static final String LABELS = "unlearn.rl.labels";

  public RandomLabelsOptions {
    Objects.requireNonNull(training, "training");
    if (labels == null) {
      throw new IllegalArgumentException(LABELS + " is missing, expected per-epoch or once");
    }
  }

  /** The defaults of conf/defaults.conf. */
  public RandomLabelsOptions() {
    this(TrainingOptions.constant(UnlearningMethodKind.RL.keyPrefix(), 10, 0.01f), RandomLabelDraw.PER_EPOCH);
  }

  public RandomLabelsOptions withTraining(TrainingOptions value) {
    return new RandomLabelsOptions(value, labels);
  }

  public RandomLabelsOptions withLabels(RandomLabelDraw value) {
    return new RandomLabelsOptions(training, value);
  }
}
