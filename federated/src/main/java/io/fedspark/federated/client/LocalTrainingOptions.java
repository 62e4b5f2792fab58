package io.fedspark.federated.client;

import io.fedspark.math.optim.LearningRateSchedule;
import io.fedspark.math.optim.SgdOptions;
import java.io.Serializable;
import java.util.Locale;

/**
 * Settings of a client's local training: minibatch SGD with heavy-ball momentum and L2 weight
 * decay, a learning-rate schedule that restarts every round, and FedProx's proximal term (Li et
 * al., "Federated Optimization in Heterogeneous Networks", MLSys 2020), which adds
 * {@code mu (w - w_global)} to the gradient. Validates itself; each error names its
 * configuration key under {@value #PREFIX}.
 *
 * <p>The no-argument constructor gives the reference settings of Vahidian et al., "When Do
 * Curricula Work in Federated Learning?" (ICCV 2023): 10 local epochs, batch 10, lr0 = 0.01,
 * momentum 0.9, weight decay 5e-4, and the inverse decay {@code lr_t = lr0 (1 + a t)^(-b)} with
 * {@code a = 0.001, b = 0.75} ({@link LearningRateSchedule.InverseDecay}); no proximal term.
 *
 * <p>The schedule is stored as a {@link LearningRateDecay} choice plus its two numbers (not as a
 * {@link LearningRateSchedule} object) so that the record stays {@link Serializable} inside Spark
 * closures; {@link #learningRateSchedule()} builds the core-math schedule.
 *
 * @param localEpochs passes over the client's data per round (the curriculum loop's step budget
 *     is {@code (N // batchSize + 1) * localEpochs}), >= 1 ({@value #LOCAL_EPOCHS})
 * @param batchSize minibatch size, >= 1 ({@value #BATCH_SIZE})
 * @param learningRate lr0, finite and > 0 ({@value #LEARNING_RATE})
 * @param momentum heavy-ball momentum in [0, 1) ({@value #MOMENTUM})
 * @param weightDecay L2 coefficient, finite and >= 0 ({@value #WEIGHT_DECAY})
 * @param lrSchedule the learning-rate schedule within a round ({@value #LR_SCHEDULE})
 * @param lrDecayA {@code a} of the inverse decay, finite and >= 0 ({@value #LR_DECAY_A})
 * @param lrDecayB {@code b} of the inverse decay, finite and >= 0 ({@value #LR_DECAY_B})
 * @param proximalMu FedProx's mu, finite and >= 0; 0 is plain FedAvg local training
 *     ({@value #PROXIMAL_MU}; the engine takes it from {@code Strategy.proximalMu()})
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

  /** Prefix of the configuration keys. */
  public static final String PREFIX = "federate.client.";
  public static final String LOCAL_EPOCHS = "federate.client.local-epochs";
  public static final String BATCH_SIZE = "federate.client.batch-size";
  public static final String LEARNING_RATE = "federate.client.learning-rate";
  public static final String MOMENTUM = "federate.client.momentum";
  public static final String WEIGHT_DECAY = "federate.client.weight-decay";
  public static final String LR_SCHEDULE = "federate.client.lr-schedule";
  public static final String LR_DECAY_A = "federate.client.lr-decay-a";
  public static final String LR_DECAY_B = "federate.client.lr-decay-b";
  public static final String PROXIMAL_MU = "federate.client.proximal-mu";

  /** The learning-rate schedule of local training, restarted every round. */
  public enum LearningRateDecay {
    /** {@code lr_t = lr0}. */
    CONSTANT("constant"),
    /** {@code lr_t = lr0 (1 + a t)^(-b)} (Caffe's "inv" policy). */
    INVERSE("inverse");

    private final String configName;

    LearningRateDecay(String configName) {
      this.configName = configName;
    }

    /** The spelling in configuration files: constant, inverse. */
    public String configName() {
      return configName;
    }

    /**
     * Parses a config name (any case).
     *
     * @param key the configuration key the text came from, for the error message
     */
    public static LearningRateDecay parse(String text, String key) {
      if (text != null) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (LearningRateDecay d : values()) {
          if (d.configName.equals(t)) {
            return d;
          }
        }
      }
      throw new IllegalArgumentException(key + " is '" + text + "', expected one of constant, inverse");
    }
  }

  public LocalTrainingOptions {
    if (localEpochs < 1) {
      throw new IllegalArgumentException(LOCAL_EPOCHS + " is " + localEpochs + ", expected an integer >= 1");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException(BATCH_SIZE + " is " + batchSize + ", expected an integer >= 1");
    }
    if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException(LEARNING_RATE + " is " + learningRate + ", expected a finite number > 0");
    }
    if (!(momentum >= 0f && momentum < 1f)) {
      throw new IllegalArgumentException(MOMENTUM + " is " + momentum + ", expected a number in [0, 1)");
    }
    if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(WEIGHT_DECAY + " is " + weightDecay + ", expected a finite number >= 0");
    }
    if (lrSchedule == null) {
      throw new IllegalArgumentException(LR_SCHEDULE + " is missing, expected constant or inverse");
    }
    if (!(lrDecayA >= 0) || Double.isInfinite(lrDecayA)) {
      throw new IllegalArgumentException(LR_DECAY_A + " is " + lrDecayA + ", expected a finite number >= 0");
    }
    if (!(lrDecayB >= 0) || Double.isInfinite(lrDecayB)) {
      throw new IllegalArgumentException(LR_DECAY_B + " is " + lrDecayB + ", expected a finite number >= 0");
    }
    if (!(proximalMu >= 0f) || Float.isInfinite(proximalMu)) {
      throw new IllegalArgumentException(PROXIMAL_MU + " is " + proximalMu + ", expected a finite number >= 0");
    }
  }

  /** The reference settings (see the type's comment). */
  public LocalTrainingOptions() {
    this(10, 10, 0.01f, 0.9f, 5e-4f, LearningRateDecay.INVERSE, 0.001, 0.75, 0f);
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
