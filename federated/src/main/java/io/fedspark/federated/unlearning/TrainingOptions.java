package io.fedspark.federated.unlearning;

import io.fedspark.math.optim.LearningRateSchedule;
import io.fedspark.math.optim.SgdOptions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one minibatch-SGD training run of {@link SgdTrainer}: the original model, Retrain,
 * and the fine-tuning style unlearning methods (FT, GA, RL, l1-sparse, EU-k, CF-k) each have one,
 * under their own configuration prefix ({@code unlearn.original}, {@code unlearn.ft}, ...), which
 * every validation error names: {@code unlearn.ft.epochs is 0, expected an integer >= 1}.
 *
 * <p>The update is PyTorch's {@code SGD(momentum, weight_decay)} ({@link io.fedspark.math.optim.Sgd}),
 * with the step decay of {@code MultiStepLR}: the learning rate is multiplied by {@code lrDecay}
 * at the start of each epoch listed in {@code milestones} (no milestones: constant). Milestones
 * at or after {@code epochs} are never reached, so shortening a run with {@link #withEpochs}
 * never makes a configuration invalid.
 *
 * <p>Defaults ({@link #original()}) scale down the reference recipe of Fan et al., "Challenging
 * Forgets: Unveiling the Worst-Case Forget Sets in Machine Unlearning" (ECCV 2024), 182 epochs,
 * lr 0.1, milestones 91/136, batch 256, momentum 0.9, weight decay 5e-4, to small data: 30 epochs,
 * milestones 15/23 (the same fractions 1/2 and 3/4), batch 64, the rest unchanged.
 *
 * @param keyPrefix configuration prefix without the trailing dot, e.g. {@code unlearn.ft}
 * @param epochs passes over the data, >= 1 ({@code <prefix>.epochs})
 * @param batchSize minibatch size, >= 1 ({@code <prefix>.batch-size})
 * @param learningRate base step size, finite and > 0 ({@code <prefix>.learning-rate})
 * @param momentum heavy-ball momentum in [0, 1) ({@code <prefix>.momentum})
 * @param weightDecay L2 coefficient, finite and >= 0 ({@code <prefix>.weight-decay})
 * @param milestones epochs (>= 1, strictly increasing) at which the rate is multiplied by
 *     {@code lrDecay} ({@code <prefix>.milestones}); empty for a constant rate
 * @param lrDecay the multiplier at each milestone, in (0, 1] ({@code <prefix>.lr-decay})
 */
public record TrainingOptions(
    String keyPrefix,
    int epochs,
    int batchSize,
    float learningRate,
    float momentum,
    float weightDecay,
    List<Integer> milestones,
    double lrDecay) implements Serializable {

  public TrainingOptions {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    milestones = List.copyOf(Objects.requireNonNull(milestones, keyPrefix + ".milestones"));
    check(epochs >= 1, keyPrefix + ".epochs", epochs, "an integer >= 1");
    check(batchSize >= 1, keyPrefix + ".batch-size", batchSize, "an integer >= 1");
    check(learningRate > 0f && !Float.isInfinite(learningRate), keyPrefix + ".learning-rate", learningRate,
        "a finite number > 0");
    check(momentum >= 0f && momentum < 1f, keyPrefix + ".momentum", momentum, "a number in [0, 1)");
    check(weightDecay >= 0f && !Float.isInfinite(weightDecay), keyPrefix + ".weight-decay", weightDecay,
        "a finite number >= 0");
    int previous = 0;
    for (int m : milestones) {
      check(m > previous, keyPrefix + ".milestones", milestones, "strictly increasing epochs >= 1");
      previous = m;
    }
    check(lrDecay > 0 && lrDecay <= 1, keyPrefix + ".lr-decay", lrDecay, "a number in (0, 1]");
  }

  static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(key + " is " + value + ", expected " + expected);
    }
  }

  /** The original model's scaled-down recipe (see the type's comment), prefix {@code unlearn.original}. */
  public static TrainingOptions original() {
    return new TrainingOptions("unlearn.original", 30, 64, 0.1f, 0.9f, 5e-4f, List.of(15, 23), 0.1);
  }

  /**
   * A constant-rate recipe with momentum 0.9, weight decay 5e-4 and batch 64 (the fine-tuning
   * methods' shape).
   */
  public static TrainingOptions constant(String keyPrefix, int epochs, float learningRate) {
    return new TrainingOptions(keyPrefix, epochs, 64, learningRate, 0.9f, 5e-4f, List.of(), 0.1);
  }

  /** This recipe under another configuration prefix (e.g. the original recipe reused by Retrain). */
  public TrainingOptions withKeyPrefix(String value) {
    return new TrainingOptions(value, epochs, batchSize, learningRate, momentum, weightDecay, milestones, lrDecay);
  }

  public TrainingOptions withEpochs(int value) {
    return new TrainingOptions(keyPrefix, value, batchSize, learningRate, momentum, weightDecay, milestones, lrDecay);
  }

  public TrainingOptions withBatchSize(int value) {
    return new TrainingOptions(keyPrefix, epochs, value, learningRate, momentum, weightDecay, milestones, lrDecay);
  }

  public TrainingOptions withLearningRate(float value) {
    return new TrainingOptions(keyPrefix, epochs, batchSize, value, momentum, weightDecay, milestones, lrDecay);
  }

  public TrainingOptions withMomentum(float value) {
    return new TrainingOptions(keyPrefix, epochs, batchSize, learningRate, value, weightDecay, milestones, lrDecay);
  }

  public TrainingOptions withWeightDecay(float value) {
    return new TrainingOptions(keyPrefix, epochs, batchSize, learningRate, momentum, value, milestones, lrDecay);
  }

  /** This recipe with other milestones (epochs) and decay factor. */
  public TrainingOptions withMilestones(List<Integer> value, double decay) {
    return new TrainingOptions(keyPrefix, epochs, batchSize, learningRate, momentum, weightDecay, value, decay);
  }

  /**
   * The per-step schedule for {@code stepsPerEpoch} optimizer steps per epoch: milestone epoch e
   * becomes step {@code e * stepsPerEpoch}; constant without milestones.
   */
  public LearningRateSchedule schedule(int stepsPerEpoch) {
    if (milestones.isEmpty()) {
      return LearningRateSchedule.constant();
    }
    List<Long> steps = new ArrayList<>();
    for (int m : milestones) {
      steps.add((long) m * stepsPerEpoch);
    }
    return new LearningRateSchedule.MultiStep(steps, lrDecay);
  }

  /**
   * The optimizer settings, without weight decay: {@link SgdTrainer} adds {@code weightDecay * p}
   * to the gradient itself so that frozen parameters (EU-k, CF-k) are not decayed.
   */
  SgdOptions sgdOptionsWithoutDecay() {
    return new SgdOptions(learningRate, momentum, 0f, false);
  }
}
