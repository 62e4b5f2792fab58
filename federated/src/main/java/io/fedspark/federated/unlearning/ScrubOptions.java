package io.fedspark.federated.unlearning;

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
  public static final String PREFIX = "unlearn.scrub.";
  public static final String MAX_EPOCHS = "unlearn.scrub.max-epochs";
  public static final String FORGET_BATCH_SIZE = "unlearn.scrub.forget-batch-size";
  public static final String TEMPERATURE = "unlearn.scrub.temperature";
  public static final String KL_WEIGHT = "unlearn.scrub.kl-weight";
  public static final String CE_WEIGHT = "unlearn.scrub.ce-weight";

  public ScrubOptions {
    Objects.requireNonNull(training, "training");
    TrainingOptions.check(maxEpochs >= 0 && maxEpochs <= training.epochs(), MAX_EPOCHS, maxEpochs,
        "an integer in [0, " + training.epochs() + "] (" + training.keyPrefix() + ".epochs is " + training.epochs() + ")");
    TrainingOptions.check(forgetBatchSize >= 1, FORGET_BATCH_SIZE, forgetBatchSize, "an integer >= 1");
    TrainingOptions.check(temperature > 0f && !Float.isInfinite(temperature), TEMPERATURE, temperature,
        "a finite number > 0");
    TrainingOptions.check(klWeight >= 0f && !Float.isInfinite(klWeight), KL_WEIGHT, klWeight, "a finite number >= 0");
    TrainingOptions.check(ceWeight >= 0f && !Float.isInfinite(ceWeight), CE_WEIGHT, ceWeight, "a finite number >= 0");
  }

  /** The defaults of conf/defaults.conf: 5 epochs, 2 with a max pass, lr 0.01, batches 64 and 16, T 4, alpha 0.001, gamma 0.99. */
  public ScrubOptions() {
    this(TrainingOptions.constant(UnlearningMethodKind.SCRUB.keyPrefix(), 5, 0.01f), 2, 16, 4f, 0.001f, 0.99f);
  }

  public ScrubOptions withTraining(TrainingOptions value) {
    return new ScrubOptions(value, maxEpochs, forgetBatchSize, temperature, klWeight, ceWeight);
  }

  public ScrubOptions withMaxEpochs(int value) {
    return new ScrubOptions(training, value, forgetBatchSize, temperature, klWeight, ceWeight);
  }
}
