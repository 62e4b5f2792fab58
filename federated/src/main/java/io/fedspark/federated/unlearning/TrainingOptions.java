package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import io.fedspark.federated.config.SettingGroup;
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
 * every validation error names: {@code unlearn.ft.epochs = 0: expected an integer >= 1}. The keys
 * of each use are declared with {@link #keys} by the record that owns the use.
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

  private static final Setting<Integer> EPOCHS = Setting.integer("epochs", 1, 1);
  private static final Setting<Integer> BATCH_SIZE = Setting.integer("batch-size", 1, 1);
  private static final Setting<Double> LEARNING_RATE = Setting.number("learning-rate", 1.0, Bounds.above(0));
  private static final Setting<Double> MOMENTUM = Setting.number("momentum", 0.0, Bounds.closedOpen(0, 1));
  private static final Setting<Double> WEIGHT_DECAY = Setting.number("weight-decay", 0.0, Bounds.atLeast(0));
  private static final Setting<List<Integer>> MILESTONES = Setting.integers("milestones", List.of(), Bounds.atLeast(1))
      .where(TrainingOptions::increasing, "a list of strictly increasing epochs >= 1, e.g. [15, 23]");
  private static final Setting<Double> LR_DECAY = Setting.number("lr-decay", 0.1, Bounds.openClosed(0, 1));

  public TrainingOptions {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    milestones = List.copyOf(Objects.requireNonNull(milestones, keyPrefix + ".milestones"));
    EPOCHS.at(keyPrefix + ".epochs", null).check(epochs);
    BATCH_SIZE.at(keyPrefix + ".batch-size", null).check(batchSize);
    LEARNING_RATE.at(keyPrefix + ".learning-rate", null).check((double) learningRate);
    MOMENTUM.at(keyPrefix + ".momentum", null).check((double) momentum);
    WEIGHT_DECAY.at(keyPrefix + ".weight-decay", null).check((double) weightDecay);
    MILESTONES.at(keyPrefix + ".milestones", null).check(milestones);
    LR_DECAY.at(keyPrefix + ".lr-decay", null).check(lrDecay);
  }

  /** The double a float was written as (0.01f is 0.01, not 0.009999999776482582). */
  private static double decimal(float f) {
    return Double.parseDouble(Float.toString(f));
  }

  private static boolean increasing(List<Integer> milestones) {
    int previous = 0;
    for (int m : milestones) {
      if (m <= previous) {
        return false;
      }
      previous = m;
    }
    return true;
  }

  /**
   * The keys of a recipe under {@code defaults.keyPrefix()}, with {@code defaults}' values as their
   * defaults: {@code epochs, batch-size, learning-rate, momentum, weight-decay}, and with
   * {@code schedule} also {@code milestones, lr-decay} (otherwise the rate is constant).
   */
  public static Keys keys(TrainingOptions defaults, boolean schedule) {
    String p = defaults.keyPrefix() + ".";
    return new Keys(defaults.keyPrefix(),
        EPOCHS.at(p + "epochs", defaults.epochs()),
        BATCH_SIZE.at(p + "batch-size", defaults.batchSize()),
        LEARNING_RATE.at(p + "learning-rate", decimal(defaults.learningRate())),
        MOMENTUM.at(p + "momentum", decimal(defaults.momentum())),
        WEIGHT_DECAY.at(p + "weight-decay", decimal(defaults.weightDecay())),
        schedule ? MILESTONES.at(p + "milestones", defaults.milestones()) : null,
        schedule ? LR_DECAY.at(p + "lr-decay", defaults.lrDecay()) : null);
  }

  /**
   * The keys of one recipe (see {@link #keys}); {@code milestones} and {@code lrDecay} are null
   * for a constant-rate recipe.
   */
  public record Keys(String prefix, Setting<Integer> epochs, Setting<Integer> batchSize, Setting<Double> learningRate,
      Setting<Double> momentum, Setting<Double> weightDecay, Setting<List<Integer>> milestones,
      Setting<Double> lrDecay) implements SettingGroup {
    /** The recipe in {@code c}. */
    public TrainingOptions read(ConfigView c) {
      return new TrainingOptions(prefix, c.get(epochs), c.get(batchSize), c.get(learningRate).floatValue(),
          c.get(momentum).floatValue(), c.get(weightDecay).floatValue(),
          milestones == null ? List.of() : c.get(milestones), lrDecay == null ? 0.1 : c.get(lrDecay));
    }

    /** The recipe of the defaults. */
    public TrainingOptions defaults() {
      return read(ConfigView.defaults());
    }

    @Override
    public List<Setting<?>> settings() {
      List<Setting<?>> all = new ArrayList<>(List.of(epochs, batchSize, learningRate, momentum, weightDecay));
      if (milestones != null) {
        all.add(milestones);
        all.add(lrDecay);
      }
      return all;
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
