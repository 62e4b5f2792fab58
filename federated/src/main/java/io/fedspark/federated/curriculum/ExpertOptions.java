package io.fedspark.federated.curriculum;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import java.io.Serializable;

/**
 * Central training of the EXPERT scoring model of Vahidian et al. (ICCV 2023), before the
 * federated run: keys {@code federate.curriculum.expert.*}. The reference trains it for 10 epochs
 * at batch 64; the defaults are scaled down to 2 epochs at a constant rate.
 *
 * @param epochs passes over the training set, >= 1
 * @param batchSize minibatch size, >= 1
 * @param learningRate constant SGD rate (momentum and weight decay as the clients'), > 0
 */
public record ExpertOptions(int epochs, int batchSize, float learningRate) implements Serializable {
  /** {@code federate.curriculum.expert.epochs}. */
  public static final Setting<Integer> EPOCHS = Setting.integer("federate.curriculum.expert.epochs", 2, 1);
  /** {@code federate.curriculum.expert.batch-size}. */
  public static final Setting<Integer> BATCH_SIZE = Setting.integer("federate.curriculum.expert.batch-size", 64, 1);
  /** {@code federate.curriculum.expert.learning-rate}. */
  public static final Setting<Double> LEARNING_RATE =
      Setting.number("federate.curriculum.expert.learning-rate", 0.05, Bounds.above(0));

  public ExpertOptions {
    EPOCHS.check(epochs);
    BATCH_SIZE.check(batchSize);
    LEARNING_RATE.check((double) learningRate);
  }

  /** The options under {@code federate.curriculum.expert} in {@code c}. */
  public static ExpertOptions from(ConfigView c) {
    return new ExpertOptions(c.get(EPOCHS), c.get(BATCH_SIZE), c.get(LEARNING_RATE).floatValue());
  }
}
