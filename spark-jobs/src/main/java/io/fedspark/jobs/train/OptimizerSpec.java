package io.fedspark.jobs.train;

import io.fedspark.jobs.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
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
import java.util.Locale;

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

  public OptimizerSpec {
    try {
      LearningRateSchedule.parse(schedule);
    } catch (IllegalArgumentException e) {
      throw InvalidConfigException.of("train.optimizer.schedule", schedule, "a schedule spec (" + e.getMessage() + ")", null);
    }
  }

  public static OptimizerSpec from(JobConfig c) {
    String kindText = c.string("train.optimizer.kind");
    OptimizerKind kind;
    try {
      kind = OptimizerKind.parse(kindText.toLowerCase(Locale.ROOT), "train.optimizer.kind");
    } catch (IllegalArgumentException e) {
      throw c.invalid("train.optimizer.kind", "one of sgd | adam | adamw | signsgd");
    }
    return new OptimizerSpec(kind,
        c.number("train.optimizer.learning-rate", Double.MIN_VALUE, 100),
        c.number("train.optimizer.momentum", 0, 0.999999),
        c.bool("train.optimizer.nesterov"),
        c.number("train.optimizer.weight-decay", 0, 10),
        c.number("train.optimizer.beta1", 0, 0.999999),
        c.number("train.optimizer.beta2", 0, 0.999999999),
        c.number("train.optimizer.epsilon", 1e-30, 1),
        c.string("train.optimizer.schedule"));
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
