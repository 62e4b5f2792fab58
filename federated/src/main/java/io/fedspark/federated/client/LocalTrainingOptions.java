package io.fedspark.federated.client;

import io.fedspark.math.optim.LearningRateSchedule;
import io.fedspark.math.optim.SgdOptions;
import java.io.Serializable;
import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import io.fedspark.math.Choice;

/**
 * Settings of a client's local training: minibatch SGD with heavy-ball momentum and L2 weight
 * decay, a learning-rate schedule that restarts every round, and FedProx's proximal term (Li et
 * al., "Federated Optimization in Heterogeneous Networks", MLSys 2020), which adds
 * {@code mu (w - w_global)} to the gradient. Validates itself; each error names its
 * configuration key under {@code federate.client}. The no-argument constructor gives the
 * defaults of those keys; {@link #reference()} the settings of Vahidian et al., "When Do Curricula
 * Work in Federated Learning?" (ICCV 2023), with the inverse decay
 * {@code lr_t = lr0 (1 + a t)^(-b)} ({@link LearningRateSchedule.InverseDecay}).
 *
 * <p>The schedule is stored as a {@link LearningRateDecay} choice plus its two numbers (not as a
 * {@link LearningRateSchedule} object) so that the record stays {@link Serializable} inside Spark
 * closures; {@link #learningRateSchedule()} builds the core-math schedule.
 *
 * @param localEpochs passes over the client's data per round (the curriculum loop's step budget
 *     is {@code (N // batchSize + 1) * localEpochs}), >= 1 ({@code local-epochs})
 * @param batchSize minibatch size, >= 1 ({@code batch-size})
 * @param learningRate lr0, finite and > 0 ({@code learning-rate})
 * @param momentum heavy-ball momentum in [0, 1) ({@code momentum})
 * @param weightDecay L2 coefficient, finite and >= 0 ({@code weight-decay})
 * @param lrSchedule the learning-rate schedule within a round ({@code lr-schedule})
 * @param lrDecayA {@code a} of the inverse decay, finite and >= 0 ({@code lr-decay-a})
 * @param lrDecayB {@code b} of the inverse decay, finite and >= 0 ({@code lr-decay-b})
 * @param proximalMu FedProx's mu, finite and >= 0; 0 is plain FedAvg local training (not a
 *     key: the strategy sets it each round through {@code Strategy.configureFit})
 */
public record LocalTrainingOptions(
    int localEpochs,
    int batchSize,
    float learningRate,
    float momentum,
    float weightDecay,
    LearningRateDecay lrSchedule,
    double lrDecayA,
    double lrDecayB,
    float proximalMu) implements Serializable {

  /** {@code federate.client.local-epochs}: passes over the client's data per round. */
  public static final Setting<Integer> LOCAL_EPOCHS = Setting.integer("federate.client.local-epochs", 1, 1);
  /** {@code federate.client.batch-size}: the minibatch size. */
  public static final Setting<Integer> BATCH_SIZE = Setting.integer("federate.client.batch-size", 10, 1);
  /** {@code federate.client.learning-rate}: lr0. */
  public static final Setting<Double> LEARNING_RATE =
      Setting.number("federate.client.learning-rate", 0.05, Bounds.above(0));
  /** {@code federate.client.momentum}: heavy-ball momentum. */
  public static final Setting<Double> MOMENTUM = Setting.number("federate.client.momentum", 0.9, Bounds.closedOpen(0, 1));
  /** {@code federate.client.weight-decay}: the L2 coefficient. */
  public static final Setting<Double> WEIGHT_DECAY = Setting.number("federate.client.weight-decay", 5e-4, Bounds.atLeast(0));
  /** {@code federate.client.lr-schedule}: constant or inverse. */
  public static final Setting<LearningRateDecay> LR_SCHEDULE =
      Setting.choice("federate.client.lr-schedule", LearningRateDecay.class, LearningRateDecay.INVERSE);
  /** {@code federate.client.lr-decay-a}: {@code a} of the inverse decay. */
  public static final Setting<Double> LR_DECAY_A = Setting.number("federate.client.lr-decay-a", 0.001, Bounds.atLeast(0));
  /** {@code federate.client.lr-decay-b}: {@code b} of the inverse decay. */
  public static final Setting<Double> LR_DECAY_B = Setting.number("federate.client.lr-decay-b", 0.75, Bounds.atLeast(0));

  /** The learning-rate schedule of local training, restarted every round. */
  public enum LearningRateDecay implements Choice {
    /** {@code lr_t = lr0}. */
    CONSTANT,
    /** {@code lr_t = lr0 (1 + a t)^(-b)} (Caffe's "inv" policy). */
    INVERSE
  }

  public LocalTrainingOptions {
    LOCAL_EPOCHS.check(localEpochs);
    BATCH_SIZE.check(batchSize);
    LEARNING_RATE.check((double) learningRate);
    MOMENTUM.check((double) momentum);
    WEIGHT_DECAY.check((double) weightDecay);
    LR_SCHEDULE.check(lrSchedule);
    LR_DECAY_A.check(lrDecayA);
    LR_DECAY_B.check(lrDecayB);
    if (!(proximalMu >= 0f) || Float.isInfinite(proximalMu)) {
      throw new IllegalArgumentException("the proximal coefficient mu is " + proximalMu
          + ", expected a finite number >= 0 (set by the strategy, e.g. federate.strategy.fedprox.mu)");
    }
  }

  /** The defaults of every {@code federate.client} key; no proximal term. */
  public LocalTrainingOptions() {
    this(LOCAL_EPOCHS.defaultValue(), BATCH_SIZE.defaultValue(), LEARNING_RATE.defaultValue().floatValue(),
        MOMENTUM.defaultValue().floatValue(), WEIGHT_DECAY.defaultValue().floatValue(), LR_SCHEDULE.defaultValue(),
        LR_DECAY_A.defaultValue(), LR_DECAY_B.defaultValue(), 0f);
  }

  /**
   * The reference settings of Vahidian et al. (ICCV 2023): 10 local epochs, batch 10, lr0 = 0.01,
   * momentum 0.9, weight decay 5e-4, inverse decay a = 0.001, b = 0.75.
   */
  public static LocalTrainingOptions reference() {
    return new LocalTrainingOptions(10, 10, 0.01f, 0.9f, 5e-4f, LearningRateDecay.INVERSE, 0.001, 0.75, 0f);
  }

  /** The options under {@code federate.client} in {@code c} (no proximal term: the strategy sets it). */
  public static LocalTrainingOptions from(ConfigView c) {
    return new LocalTrainingOptions(c.get(LOCAL_EPOCHS), c.get(BATCH_SIZE), c.get(LEARNING_RATE).floatValue(),
        c.get(MOMENTUM).floatValue(), c.get(WEIGHT_DECAY).floatValue(), c.get(LR_SCHEDULE), c.get(LR_DECAY_A),
        c.get(LR_DECAY_B), 0f);
  }

  public LocalTrainingOptions withLocalEpochs(int value) {
    return new LocalTrainingOptions(value, batchSize, learningRate, momentum, weightDecay, lrSchedule, lrDecayA,
        lrDecayB, proximalMu);
  }

  public LocalTrainingOptions withBatchSize(int value) {
    return new LocalTrainingOptions(localEpochs, value, learningRate, momentum, weightDecay, lrSchedule, lrDecayA,
        lrDecayB, proximalMu);
  }

  public LocalTrainingOptions withLearningRate(float value) {
    return new LocalTrainingOptions(localEpochs, batchSize, value, momentum, weightDecay, lrSchedule, lrDecayA,
        lrDecayB, proximalMu);
  }

  public LocalTrainingOptions withMomentum(float value) {
    return new LocalTrainingOptions(localEpochs, batchSize, learningRate, value, weightDecay, lrSchedule, lrDecayA,
        lrDecayB, proximalMu);
  }

  public LocalTrainingOptions withWeightDecay(float value) {
    return new LocalTrainingOptions(localEpochs, batchSize, learningRate, momentum, value, lrSchedule, lrDecayA,
        lrDecayB, proximalMu);
  }

  /** This with a constant learning rate. */
  public LocalTrainingOptions withConstantLearningRate() {
    return new LocalTrainingOptions(localEpochs, batchSize, learningRate, momentum, weightDecay,
        LearningRateDecay.CONSTANT, lrDecayA, lrDecayB, proximalMu);
  }

  /** This with the inverse decay {@code (1 + a t)^(-b)}. */
  public LocalTrainingOptions withInverseDecay(double a, double b) {
    return new LocalTrainingOptions(localEpochs, batchSize, learningRate, momentum, weightDecay,
        LearningRateDecay.INVERSE, a, b, proximalMu);
  }

  public LocalTrainingOptions withProximalMu(float value) {
    return new LocalTrainingOptions(localEpochs, batchSize, learningRate, momentum, weightDecay, lrSchedule, lrDecayA,
        lrDecayB, value);
  }

  /** The core-math schedule: {@code constant} or {@code inverse(a=lrDecayA, b=lrDecayB)}. */
  public LearningRateSchedule learningRateSchedule() {
    return lrSchedule == LearningRateDecay.CONSTANT
        ? LearningRateSchedule.constant()
        : new LearningRateSchedule.InverseDecay(lrDecayA, lrDecayB);
  }

  /** The optimizer settings (no Nesterov momentum). */
  public SgdOptions sgdOptions() {
    return new SgdOptions(learningRate, momentum, weightDecay, false);
  }
}
