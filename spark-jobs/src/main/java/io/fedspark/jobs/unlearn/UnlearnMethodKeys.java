package io.fedspark.jobs.unlearn;

import static io.fedspark.jobs.config.InvalidConfigException.wrapping;

import com.typesafe.config.ConfigException;
import io.fedspark.federated.unlearning.InfluenceOptions;
import io.fedspark.federated.unlearning.L1SparseOptions;
import io.fedspark.federated.unlearning.LastLayersOptions;
import io.fedspark.federated.unlearning.RandomLabelDraw;
import io.fedspark.federated.unlearning.RandomLabelsOptions;
import io.fedspark.federated.unlearning.SalUnOptions;
import io.fedspark.federated.unlearning.ScrubOptions;
import io.fedspark.federated.unlearning.TrainingOptions;
import io.fedspark.federated.unlearning.UnlearningMethodKind;
import io.fedspark.federated.unlearning.UnlearningMethodSettings;
import io.fedspark.jobs.config.JobConfig;
import java.util.List;

/**
 * Reads the unlearning methods' hyperparameters, {@code unlearn.<method>.*} (defaults and their
 * meaning in conf/defaults.conf), into {@link UnlearningMethodSettings}. Every value is checked
 * here (range errors name the key, value and expectation) and again by the option records.
 *
 * <p>Keys: {@code unlearn.original.{epochs, batch-size, learning-rate, momentum, weight-decay,
 * milestones, lr-decay}} (the original model and Retrain); {@code unlearn.{ft, ga, rl, l1-sparse,
 * eu-k, cf-k}.{epochs, batch-size, learning-rate, momentum, weight-decay}}; {@code unlearn.rl.labels}; {@code
 * unlearn.l1-sparse.{alpha, no-l1-epochs}}; {@code unlearn.{eu-k, cf-k}.layers}; {@code
 * unlearn.iu.{damping, scale, fisher-samples, fisher-batch}}; {@code unlearn.scrub.{epochs, batch-size,
 * learning-rate, momentum, weight-decay, max-epochs, forget-batch-size, temperature, kl-weight, ce-weight}};
 * {@code unlearn.salun.{epochs, batch-size, learning-rate, momentum, weight-decay, salient-fraction,
 * mask-batch-size, labels}}.
 */
final class UnlearnMethodKeys {
  private UnlearnMethodKeys() {}

  static final String ORIGINAL = "unlearn.original";

  /** The original model's recipe, {@code unlearn.original.*} (Retrain's too). */
  static TrainingOptions original(JobConfig c) {
    List<Integer> milestones;
    try {
      milestones = c.raw().getIntList(ORIGINAL + ".milestones");
    } catch (ConfigException.WrongType e) {
      throw c.invalid(ORIGINAL + ".milestones", "a list of strictly increasing epochs >= 1, e.g. [15, 23]");
    }
    TrainingOptions base = training(c, ORIGINAL);
    return wrapping(() -> base.withMilestones(milestones, c.number(ORIGINAL + ".lr-decay", Double.MIN_VALUE, 1)));
  }

  /** Every method's options; {@code original} is Retrain's recipe. */
  static UnlearningMethodSettings from(JobConfig c, TrainingOptions original) {
    TrainingOptions l1 = training(c, UnlearningMethodKind.L1_SPARSE.keyPrefix());
    L1SparseOptions l1Sparse = wrapping(() -> new L1SparseOptions(l1,
        (float) c.number(L1SparseOptions.ALPHA, 0, 1e6),
        c.integer(L1SparseOptions.NO_L1_EPOCHS, 0, 1_000_000)));
    InfluenceOptions iu = wrapping(() -> new InfluenceOptions(
        (float) c.number(InfluenceOptions.DAMPING, Double.MIN_VALUE, 1e9),
        (float) c.number(InfluenceOptions.SCALE, Double.MIN_VALUE, 1e9),
        c.integer(InfluenceOptions.FISHER_SAMPLES, 0, Integer.MAX_VALUE),
        c.integer(InfluenceOptions.FISHER_BATCH, 1, 1 << 20)));
    return new UnlearningMethodSettings(
        original.withKeyPrefix(ORIGINAL),
        training(c, UnlearningMethodKind.FT.keyPrefix()),
        training(c, UnlearningMethodKind.GA.keyPrefix()),
        new RandomLabelsOptions(training(c, UnlearningMethodKind.RL.keyPrefix()),
            c.choice(RandomLabelsOptions.LABELS, RandomLabelDraw.class)),
        l1Sparse,
        iu,
        lastLayers(c, UnlearningMethodKind.EU_K),
        lastLayers(c, UnlearningMethodKind.CF_K),
        scrub(c),
        salun(c));
  }

  private static SalUnOptions salun(JobConfig c) {
    TrainingOptions t = training(c, UnlearningMethodKind.SALUN.keyPrefix());
    return wrapping(() -> new SalUnOptions(t,
        c.number(SalUnOptions.SALIENT_FRACTION, Double.MIN_VALUE, 1),
        c.integer(SalUnOptions.MASK_BATCH_SIZE, 1, 1 << 20),
        c.choice(SalUnOptions.LABELS, RandomLabelDraw.class)));
  }

  private static ScrubOptions scrub(JobConfig c) {
    TrainingOptions t = training(c, UnlearningMethodKind.SCRUB.keyPrefix());
    return wrapping(() -> new ScrubOptions(t,
        c.integer(ScrubOptions.MAX_EPOCHS, 0, 1_000_000),
        c.integer(ScrubOptions.FORGET_BATCH_SIZE, 1, 1 << 20),
        (float) c.number(ScrubOptions.TEMPERATURE, Double.MIN_VALUE, 1e6),
        (float) c.number(ScrubOptions.KL_WEIGHT, 0, 1e6),
        (float) c.number(ScrubOptions.CE_WEIGHT, 0, 1e6)));
  }

  private static LastLayersOptions lastLayers(JobConfig c, UnlearningMethodKind kind) {
    TrainingOptions t = training(c, kind.keyPrefix());
    return wrapping(() -> new LastLayersOptions(t, c.integer(kind.keyPrefix() + ".layers", 1, 1_000)));
  }

  /** {@code <prefix>.{epochs, batch-size, learning-rate, momentum, weight-decay}}, constant rate. */
  static TrainingOptions training(JobConfig c, String prefix) {
    return wrapping(() -> new TrainingOptions(prefix,
        c.integer(prefix + ".epochs", 1, 1_000_000),
        c.integer(prefix + ".batch-size", 1, 1 << 20),
        (float) c.number(prefix + ".learning-rate", Double.MIN_VALUE, 1e3),
        (float) c.number(prefix + ".momentum", 0, 1),
        (float) c.number(prefix + ".weight-decay", 0, 1e3),
        List.of(), 0.1));
  }
}
