package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link Scrub}, keys under {@value #PREFIX}. The loss weights and temperature are the
 * authors' (Kurmanji et al., NeurIPS 2023, reference code: gamma 0.99, alpha 0.001, kd_T 4, SGD
 * with momentum 0.9 and weight decay 5e-4, msteps 2 to 3 of 3 to 5 epochs); the rate (reference
 * 5e-4, constant here) is raised to 0.01 and the batches shrunk (reference 128 retain, 32 forget)
 * because a small data set gives few steps per epoch, as for the other fine-tuning methods.
 *
 * @param training the SGD recipe of both passes, one optimizer ({@code unlearn.scrub.epochs},
 *     {@code batch-size} of the retain pass, {@code learning-rate}, {@code momentum}, {@code weight-decay})
 * @param maxEpochs the first epochs that start with a max pass over the forget set, in
 *     [0, epochs] ({@value #MAX_EPOCHS}; the reference's msteps)
 * @param forgetBatchSize minibatch size of the max pass, >= 1 ({@value #FORGET_BATCH_SIZE})
 * @param temperature softmax temperature T of the KL terms, finite and > 0 ({@value #TEMPERATURE})
 * @param klWeight alpha, weight of the KL term of the min pass, >= 0 ({@value #KL_WEIGHT})
 * @param ceWeight gamma, weight of the cross-entropy of the min pass, >= 0 ({@value #CE_WEIGHT})
 */
public record ScrubOptions(TrainingOptions training, int maxEpochs, int forgetBatchSize, float temperature,
    float klWeight, float ceWeight) implements Serializable {
  /** {@code unlearn.scrub.*}: 5 epochs at 0.01 (the authors' 5e-4 raised for small data). */
  public static final TrainingOptions.Keys TRAINING =
      TrainingOptions.keys(TrainingOptions.constant(UnlearningMethodKind.SCRUB.keyPrefix(), 5, 0.01f), false);
  /** {@code unlearn.scrub.max-epochs}. */
  public static final Setting<Integer> MAX_EPOCHS = Setting.integer("unlearn.scrub.max-epochs", 2, 0);
  /** {@code unlearn.scrub.forget-batch-size}. */
  public static final Setting<Integer> FORGET_BATCH_SIZE = Setting.integer("unlearn.scrub.forget-batch-size", 16, 1);
  /** {@code unlearn.scrub.temperature}: the authors' T = 4. */
  public static final Setting<Double> TEMPERATURE = Setting.number("unlearn.scrub.temperature", 4.0, Bounds.above(0));
  /** {@code unlearn.scrub.kl-weight}: the authors' alpha 0.001. */
  public static final Setting<Double> KL_WEIGHT = Setting.number("unlearn.scrub.kl-weight", 0.001, Bounds.atLeast(0));
  /** {@code unlearn.scrub.ce-weight}: the authors' gamma 0.99. */
  public static final Setting<Double> CE_WEIGHT = Setting.number("unlearn.scrub.ce-weight", 0.99, Bounds.atLeast(0));

  public ScrubOptions {
    Objects.requireNonNull(training, "training");
    MAX_EPOCHS.where(v -> v <= training.epochs(), "an integer in [0, " + training.epochs() + "] ("
        + training.keyPrefix() + ".epochs is " + training.epochs() + ")").check(maxEpochs);
    FORGET_BATCH_SIZE.check(forgetBatchSize);
    TEMPERATURE.check((double) temperature);
    KL_WEIGHT.check((double) klWeight);
    CE_WEIGHT.check((double) ceWeight);
  }

  /** The defaults of every key. */
  public ScrubOptions() {
    this(ConfigView.defaults());
  }

  /** The keys under {@code unlearn.scrub} in {@code c}. */
  public ScrubOptions(ConfigView c) {
    this(TRAINING.read(c), c.get(MAX_EPOCHS), c.get(FORGET_BATCH_SIZE), c.get(TEMPERATURE).floatValue(),
        c.get(KL_WEIGHT).floatValue(), c.get(CE_WEIGHT).floatValue());
  }

  public ScrubOptions withTraining(TrainingOptions value) {
    return new ScrubOptions(value, maxEpochs, forgetBatchSize, temperature, klWeight, ceWeight);
  }

  public ScrubOptions withMaxEpochs(int value) {
    return new ScrubOptions(training, value, forgetBatchSize, temperature, klWeight, ceWeight);
  }
}
