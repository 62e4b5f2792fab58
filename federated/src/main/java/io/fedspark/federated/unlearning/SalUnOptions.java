package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link SalUn}, keys under {@code unlearn.salun.*}: RL's SGD recipe for the masked
 * fine-tuning, and the share of weights the saliency mask lets train. The reference (Fan et al.,
 * ICLR 2024, code: mask threshold 0.5, RL with 10 epochs, SGD momentum 0.9, weight decay 5e-4)
 * is kept, with the rate and batch of our RL defaults for small data.
 *
 * @param training the SGD recipe ({@code unlearn.salun.{epochs, batch-size, learning-rate, momentum, weight-decay}})
 * @param salientFraction the share of all parameters, in (0, 1], with the largest forget-loss
 *     gradient magnitudes, that train ({@code unlearn.salun.salient-fraction})
 * @param maskBatchSize minibatch size of the pass over the forget set that computes the
 *     gradient for the mask, >= 1 ({@code unlearn.salun.mask-batch-size}); speed and memory depend on it, the
 *     gradient only up to float rounding (which can swap near-ties at the mask's threshold)
 * @param labels when the forget set's random labels are drawn ({@code unlearn.salun.labels}, default per-epoch
 *     as in the reference, which runs RL's code; its own key, like SalUn's other RL settings)
 */
public record SalUnOptions(TrainingOptions training, double salientFraction, int maskBatchSize,
    RandomLabelDraw labels) implements Serializable {
  /** {@code unlearn.salun.*}: RL's recipe, 10 epochs at 0.01. */
  public static final TrainingOptions.Keys TRAINING =
      TrainingOptions.keys(TrainingOptions.constant(UnlearningMethodKind.SALUN.keyPrefix(), 10, 0.01f), false);
  /** {@code unlearn.salun.salient-fraction}: the reference's threshold 0.5. */
  public static final Setting<Double> SALIENT_FRACTION =
      Setting.number("unlearn.salun.salient-fraction", 0.5, Bounds.openClosed(0, 1));
  /** {@code unlearn.salun.mask-batch-size}. */
  public static final Setting<Integer> MASK_BATCH_SIZE = Setting.integer("unlearn.salun.mask-batch-size", 256, 1);
  /** {@code unlearn.salun.labels}: per-epoch (the reference's RL) | once. */
  public static final Setting<RandomLabelDraw> LABELS =
      Setting.choice("unlearn.salun.labels", RandomLabelDraw.class, RandomLabelDraw.PER_EPOCH);

  public SalUnOptions {
    Objects.requireNonNull(training, "training");
    SALIENT_FRACTION.check(salientFraction);
    MASK_BATCH_SIZE.check(maskBatchSize);
    LABELS.check(labels);
  }

  /** The defaults of every key. */
  public SalUnOptions() {
    this(ConfigView.defaults());
  }

  /** The keys under {@code unlearn.salun} in {@code c}. */
  public SalUnOptions(ConfigView c) {
    this(TRAINING.read(c), c.get(SALIENT_FRACTION), c.get(MASK_BATCH_SIZE), c.get(LABELS));
  }

  public SalUnOptions withTraining(TrainingOptions value) {
    return new SalUnOptions(value, salientFraction, maskBatchSize, labels);
  }

  public SalUnOptions withSalientFraction(double value) {
    return new SalUnOptions(training, value, maskBatchSize, labels);
  }

  public SalUnOptions withLabels(RandomLabelDraw value) {
    return new SalUnOptions(training, salientFraction, maskBatchSize, value);
  }
}
