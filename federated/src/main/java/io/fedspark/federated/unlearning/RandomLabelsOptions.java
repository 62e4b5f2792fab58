package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link RandomLabels}, keys under {@code unlearn.rl.*}.
 *
 * @param training the SGD recipe ({@code unlearn.rl.{epochs, batch-size, learning-rate, momentum,
 *     weight-decay}}; default 10 epochs, lr 0.01 constant, momentum 0.9, weight decay 5e-4, batch 64)
 * @param labels when the forget set's random labels are drawn ({@code unlearn.rl.labels}; default per-epoch,
 *     the reference's)
 */
public record RandomLabelsOptions(TrainingOptions training, RandomLabelDraw labels) implements Serializable {
  /** {@code unlearn.rl.labels}: per-epoch (the reference's RL.py) | once. */
  public static final Setting<RandomLabelDraw> LABELS =
      Setting.choice("unlearn.rl.labels", RandomLabelDraw.class, RandomLabelDraw.PER_EPOCH);

  public RandomLabelsOptions {
    Objects.requireNonNull(training, "training");
    LABELS.check(labels);
  }

  /** The defaults of every key. */
  public RandomLabelsOptions() {
    this(ConfigView.defaults());
  }

  /** The keys under {@code unlearn.rl} in {@code c}. */
  public RandomLabelsOptions(ConfigView c) {
    this(UnlearningMethodSettings.RL.read(c), c.get(LABELS));
  }

  public RandomLabelsOptions withTraining(TrainingOptions value) {
    return new RandomLabelsOptions(value, labels);
  }

  public RandomLabelsOptions withLabels(RandomLabelDraw value) {
    return new RandomLabelsOptions(training, value);
  }
}
