package io.fedspark.federated.train;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import io.fedspark.math.optim.Adam;
import io.fedspark.math.optim.AdamOptions;
import io.fedspark.math.optim.AdamW;
import io.fedspark.math.optim.LearningRateSchedule;
import io.fedspark.math.optim.Optimizer;
import io.fedspark.math.optim.OptimizerKind;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.optim.SgdOptions;
import io.fedspark.math.optim.SignSgd;
import io.fedspark.math.optim.SignSgdOptions;
import java.io.Serializable;

/**
 * The optimizer of a training run as plain values (keys {@code train.optimizer.*}), so executors can
 * build identical optimizers from it: SGD with momentum/Nesterov/weight decay, Adam, AdamW
 * (decoupled weight decay), SignSGD, each with a learning-rate schedule spec.
 */
public record OptimizerSpec(
    OptimizerKind kind,
    double learningRate,
    double momentum,
    boolean nesterov,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    String schedule) implements Serializable {

  /** {@code train.optimizer.kind}: sgd | adam | adamw | signsgd. */
  public static final Setting<OptimizerKind> KIND = Setting.choice("train.optimizer.kind", OptimizerKind.class, OptimizerKind.SGD);
  /** {@code train.optimizer.learning-rate}. */
  public static final Setting<Double> LEARNING_RATE = Setting.number("train.optimizer.learning-rate", 0.05, Bounds.above(0));
  /** {@code train.optimizer.momentum}. */
  public static final Setting<Double> MOMENTUM = Setting.number("train.optimizer.momentum", 0.9, Bounds.closedOpen(0, 1));
  /** {@code train.optimizer.nesterov}: on by default, as DL4J has no plain heavy-ball updater. */
  public static final Setting<Boolean> NESTEROV = Setting.bool("train.optimizer.nesterov", true);
  /** {@code train.optimizer.weight-decay}. */
  public static final Setting<Double> WEIGHT_DECAY = Setting.number("train.optimizer.weight-decay", 0.0, Bounds.atLeast(0));
  /** {@code train.optimizer.beta1}. */
  public static final Setting<Double> BETA1 = Setting.number("train.optimizer.beta1", 0.9, Bounds.closedOpen(0, 1));
  /** {@code train.optimizer.beta2}. */
  public static final Setting<Double> BETA2 = Setting.number("train.optimizer.beta2", 0.999, Bounds.closedOpen(0, 1));
  /** {@code train.optimizer.epsilon}. */
  public static final Setting<Double> EPSILON = Setting.number("train.optimizer.epsilon", 1e-8, Bounds.above(0));
  /** {@code train.optimizer.schedule}: a schedule spec, e.g. {@code cosine(steps=1000)}. */
  public static final Setting<String> SCHEDULE = Setting.parsed("train.optimizer.schedule", "constant",
      "a schedule spec such as constant, multistep(milestones=[...], gamma=0.1), cosine(steps=N, floor=0), "
          + "linear(...), inverse(a=0.001, b=0.75)",
      s -> {
        LearningRateSchedule.parse(s);
        return s;
      });

  public OptimizerSpec {
    KIND.check(kind);
    SCHEDULE.parse(schedule);
  }

  /** The options under {@code train.optimizer} in {@code c}. */
  public static OptimizerSpec from(ConfigView c) {
    return new OptimizerSpec(c.get(KIND), c.get(LEARNING_RATE), c.get(MOMENTUM), c.get(NESTEROV), c.get(WEIGHT_DECAY),
        c.get(BETA1), c.get(BETA2), c.get(EPSILON), c.get(SCHEDULE));
  }

  /** A fresh optimizer (step 0, no state). */
  public Optimizer create() {
    LearningRateSchedule s = LearningRateSchedule.parse(schedule);
    return switch (kind) {
      case SGD -> new Sgd(new SgdOptions((float) learningRate, (float) momentum, (float) weightDecay, nesterov), s);
      case ADAM -> new Adam(new AdamOptions(learningRate, beta1, beta2, epsilon, weightDecay), s);
      case ADAMW -> new AdamW(new AdamOptions(learningRate, beta1, beta2, epsilon, weightDecay), s);
      case SIGN_SGD -> new SignSgd(new SignSgdOptions((float) learningRate), s);
    };
  }
}
