package io.fedspark.federated.curriculum;

import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.client.LocalTrainingOptions.LearningRateDecay;
import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import java.io.Serializable;

/**
 * Central training of the EXPERT scoring model of Vahidian et al. (ICCV 2023), before the
 * federated run: keys {@code federate.curriculum.expert.*}. The reference ({@code train_model} of
 * the authors' code) trains it for 10 epochs at batch 64 with SGD (momentum 0.9, weight decay
 * 5e-4) and the inverse decay {@code lr_t = lr0 (1 + 0.001 t)^(-0.75)} over all its steps (not
 * restarted per epoch), lr0 = 0.01 in its scripts, with label smoothing 0.1 and a 10x rate on the
 * last layer (neither is done here). The defaults keep the reference's schedule but scale the
 * epochs down to 2 for a 2-core CPU, with lr0 = 0.05 to make up for the shorter run.
 *
 * @param epochs passes over the training set, >= 1
 * @param batchSize minibatch size, >= 1
 * @param learningRate lr0 of SGD (momentum and weight decay as the clients' defaults), > 0
 * @param lrSchedule constant, or the inverse decay over all steps of the expert's training
 * @param lrDecayA {@code a} of the inverse decay, >= 0
 * @param lrDecayB {@code b} of the inverse decay, >= 0
 */
public record ExpertOptions(int epochs, int batchSize, float learningRate, LearningRateDecay lrSchedule,
    double lrDecayA, double lrDecayB) implements Serializable {
  /** {@code federate.curriculum.expert.epochs}: reference 10. */
  public static final Setting<Integer> EPOCHS = Setting.integer("federate.curriculum.expert.epochs", 2, 1);
  /** {@code federate.curriculum.expert.batch-size}: reference 64. */
  public static final Setting<Integer> BATCH_SIZE = Setting.integer("federate.curriculum.expert.batch-size", 64, 1);
  /** {@code federate.curriculum.expert.learning-rate}: lr0, reference 0.01. */
  public static final Setting<Double> LEARNING_RATE =
      Setting.number("federate.curriculum.expert.learning-rate", 0.05, Bounds.above(0));
  /** {@code federate.curriculum.expert.lr-schedule}: constant | inverse (the reference's). */
  public static final Setting<LearningRateDecay> LR_SCHEDULE =
      Setting.choice("federate.curriculum.expert.lr-schedule", LearningRateDecay.class, LearningRateDecay.INVERSE);
  /** {@code federate.curriculum.expert.lr-decay-a}: reference 0.001. */
  public static final Setting<Double> LR_DECAY_A =
      Setting.number("federate.curriculum.expert.lr-decay-a", 0.001, Bounds.atLeast(0));
  /** {@code federate.curriculum.expert.lr-decay-b}: reference 0.75. */
  public static final Setting<Double> LR_DECAY_B =
      Setting.number("federate.curriculum.expert.lr-decay-b", 0.75, Bounds.atLeast(0));

  public ExpertOptions {
    EPOCHS.check(epochs);
    BATCH_SIZE.check(batchSize);
    LEARNING_RATE.check((double) learningRate);
    LR_SCHEDULE.check(lrSchedule);
    LR_DECAY_A.check(lrDecayA);
    LR_DECAY_B.check(lrDecayB);
  }

  /** The defaults of every key. */
  public ExpertOptions() {
    this(EPOCHS.defaultValue(), BATCH_SIZE.defaultValue(), LEARNING_RATE.defaultValue().floatValue(),
        LR_SCHEDULE.defaultValue(), LR_DECAY_A.defaultValue(), LR_DECAY_B.defaultValue());
  }

  /** The options under {@code federate.curriculum.expert} in {@code c}. */
  public static ExpertOptions from(ConfigView c) {
    return new ExpertOptions(c.get(EPOCHS), c.get(BATCH_SIZE), c.get(LEARNING_RATE).floatValue(), c.get(LR_SCHEDULE),
        c.get(LR_DECAY_A), c.get(LR_DECAY_B));
  }

  /**
   * The expert's training as one client's local training over the whole training set: these
   * epochs, batch size, lr0 and schedule (one schedule over all steps, since a client's schedule
   * runs across its local epochs), with the default momentum and weight decay of
   * {@code federate.client}.
   */
  public LocalTrainingOptions trainingOptions() {
    LocalTrainingOptions o = new LocalTrainingOptions().withLocalEpochs(epochs).withBatchSize(batchSize)
        .withLearningRate(learningRate);
    return lrSchedule == LearningRateDecay.CONSTANT
        ? o.withConstantLearningRate()
        : o.withInverseDecay(lrDecayA, lrDecayB);
  }
}
