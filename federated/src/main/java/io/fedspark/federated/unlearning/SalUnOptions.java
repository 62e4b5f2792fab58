package io.fedspark.federated.unlearning;

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
 *     gradient magnitudes, that train ({@value #SALIENT_FRACTION})
 * @param maskBatchSize minibatch size of the pass over the forget set that computes the
 *     gradient for the mask, >= 1 ({@value #MASK_BATCH_SIZE}); speed and memory depend on it, the
 *     gradient only up to float rounding (which can swap near-ties at the mask's threshold)
 * @param labels when the forget set's random labels are drawn ({@value #LABELS}, default per-epoch
 *     as in the reference, which runs RL's code; its own key, like SalUn's other RL settings)
 */
public record SalUnOptions(TrainingOptions training, double salientFraction, int maskBatchSize,
    RandomLabelDraw labels) implements Serializable {
  public static final String SALIENT_FRACTION = "unlearn.salun.salient-fraction";
  public static final String MASK_BATCH_SIZE = "unlearn.salun.mask-batch-size";
  public static final String LABELS = "unlearn.salun.labels";

  public SalUnOptions {
    Objects.requireNonNull(training, "training");
    TrainingOptions.check(salientFraction > 0 && salientFraction <= 1, SALIENT_FRACTION, salientFraction,
        "a number in (0, 1]");
    TrainingOptions.check(maskBatchSize >= 1, MASK_BATCH_SIZE, maskBatchSize, "an integer >= 1");
    if (labels == null) {
      throw new IllegalArgumentException(LABELS + " is missing, expected per-epoch or once");
    }
  }

  /**
   * The defaults of conf/defaults.conf: RL's recipe (10 epochs, lr 0.01, batch 64, labels drawn per
   * epoch), half the weights salient, mask batch 256.
   */
  public SalUnOptions() {
    this(TrainingOptions.constant(UnlearningMethodKind.SALUN.keyPrefix(), 10, 0.01f), 0.5, 256,
        RandomLabelDraw.PER_EPOCH);
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
