package io.fedspark.jobs.unlearn;

import static io.fedspark.jobs.config.InvalidConfigException.wrapping;

import com.typesafe.config.ConfigException;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.unlearning.ForgetKind;
import io.fedspark.federated.unlearning.LowerLevelStart;
import io.fedspark.federated.unlearning.MiaAttacker;
import io.fedspark.federated.unlearning.MiaFeature;
import io.fedspark.federated.unlearning.MiaOptions;
import io.fedspark.federated.unlearning.SearchMode;
import io.fedspark.federated.unlearning.TrainingOptions;
import io.fedspark.federated.unlearning.UnlearningMethodKind;
import io.fedspark.federated.unlearning.UnlearningMethodSettings;
import io.fedspark.federated.unlearning.WorstCaseSearchOptions;
import io.fedspark.jobs.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.math.nn.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * All options of {@code fedspark unlearn} (keys under {@code unlearn.}), loaded from a validated
 * configuration. The search keys are those of {@link WorstCaseSearchOptions}; its mode is not a
 * key here, it follows from the forget kind (worst-case or easiest).
 *
 * @param original the original model's recipe (and Retrain's), {@code unlearn.original.*}
 * @param methodSettings every method's hyperparameters, {@code unlearn.<method>.*}
 *     ({@link UnlearnMethodKeys})
 * @param methods the methods of the grid, in order, no repeats ({@value #METHODS})
 * @param forgetKinds random, worst-case and/or easiest ({@value #FORGET_KINDS})
 * @param ratios forget ratios in (0, 1) ({@value #RATIOS})
 * @param seeds experiment seeds, no repeats ({@value #SEEDS})
 * @param mia the membership-inference attack ({@value #MIA_FEATURE}, {@value MiaOptions#ATTACKER})
 * @param search the search settings (mode WORST; easiest sets use the same with mode EASIEST)
 * @param lossPartitions data partitions of the distributed per-example loss pass
 * @param gridPartitions Spark partitions of the grid (0: one per cell)
 * @param forgetSet the {@code indices.csv} of an earlier run whose sets replace the search
 *     ({@value ForgetSetFile#KEY}; empty: build the sets)
 */
public record UnlearnOptions(DatasetId dataset, ModelSpec model, TrainingOptions original,
    UnlearningMethodSettings methodSettings, List<UnlearningMethodKind> methods, List<ForgetKind> forgetKinds, List<Double> ratios, List<Long> seeds,
    MiaOptions mia, WorstCaseSearchOptions search, int lossPartitions, int gridPartitions, String forgetSet) {

  static final String METHODS = "unlearn.methods";
  static final String FORGET_KINDS = "unlearn.forget-kinds";
  static final String RATIOS = "unlearn.ratios";
  static final String SEEDS = "unlearn.seeds";
  static final String MIA_FEATURE = MiaOptions.FEATURE;

  public UnlearnOptions {
    methods = List.copyOf(methods);
    forgetKinds = List.copyOf(forgetKinds);
    ratios = List.copyOf(ratios);
    seeds = List.copyOf(seeds);
  }

  public static UnlearnOptions from(JobConfig c) {
    ModelSpec spec;
    try {
      spec = ModelSpec.parse(c.string("unlearn.model"));
    } catch (IllegalArgumentException e) {
      throw c.invalid("unlearn.model", "a model spec such as mlp:64-32-10 (" + e.getMessage() + ")");
    }
    TrainingOptions original = UnlearnMethodKeys.original(c);
    UnlearningMethodSettings methodSettings = UnlearnMethodKeys.from(c, original);
    List<UnlearningMethodKind> methods = new ArrayList<>();
    for (String s : strings(c, METHODS)) {
      methods.add(wrapping(() -> UnlearningMethodKind.parse(s, METHODS)));
    }
    List<ForgetKind> kinds = new ArrayList<>();
    for (String s : strings(c, FORGET_KINDS)) {
      ForgetKind k = wrapping(() -> ForgetKind.parse(s, FORGET_KINDS));
      if (k == ForgetKind.CLIENT || k == ForgetKind.WORST_CASE_CLIENT) {
        throw c.invalid(FORGET_KINDS, "a list of random | worst-case | easiest (to forget whole clients, set "
            + "unlearn.setting = federated and the unlearn.client.* keys)");
      }
      kinds.add(k);
    }
    List<Double> ratios;
    List<Long> seeds;
    try {
      ratios = c.raw().getDoubleList(RATIOS);
      seeds = c.raw().getLongList(SEEDS);
    } catch (ConfigException.WrongType e) {
      throw new InvalidConfigException(e.getMessage());
    }
    for (double r : ratios) {
      if (!(r > 0 && r < 1)) {
        throw c.invalid(RATIOS, "a list of forget ratios in (0, 1), e.g. [0.1]");
      }
    }
    requireDistinctNonEmpty(c, METHODS, methods);
    requireDistinctNonEmpty(c, FORGET_KINDS, kinds);
    requireDistinctNonEmpty(c, RATIOS, ratios);
    requireDistinctNonEmpty(c, SEEDS, seeds);
    WorstCaseSearchOptions search = wrapping(() -> new WorstCaseSearchOptions(
        SearchMode.WORST,
        c.choice(WorstCaseSearchOptions.LOWER_LEVEL, LowerLevelStart.class),
        (float) c.number(WorstCaseSearchOptions.LR_THETA, Double.MIN_VALUE, 1e6),
        c.number(WorstCaseSearchOptions.LR_W, Double.MIN_VALUE, 1e9),
        c.integer(WorstCaseSearchOptions.SELECT_EPOCHS, 1, 1_000_000),
        c.integer(WorstCaseSearchOptions.UNLEARN_STEPS, 1, 1_000_000),
        c.number(WorstCaseSearchOptions.GAMMA, 0, 1e9),
        c.integer(WorstCaseSearchOptions.BINARIZE_EVERY, 1, 1_000_000),
        c.integer(WorstCaseSearchOptions.BATCH_SIZE, 1, 1 << 20),
        c.number(WorstCaseSearchOptions.PROJECTION_TOLERANCE, Double.MIN_VALUE, 1e9),
        c.integer(WorstCaseSearchOptions.PROJECTION_ITERATIONS, 1, 1_000_000)));
    return new UnlearnOptions(c.choice("unlearn.dataset", DatasetId.class), spec, original, methodSettings, methods, kinds, ratios,
        seeds, mia(c), search, c.integer("unlearn.loss-partitions", 1, 1_000_000),
        c.integer("unlearn.grid-partitions", 0, 1_000_000), c.string(ForgetSetFile.KEY).strip());
  }

  /** The attack behind MIA-efficacy: {@value #MIA_FEATURE} and {@value MiaOptions#ATTACKER}. */
  static MiaOptions mia(JobConfig c) {
    MiaFeature feature = wrapping(() -> MiaFeature.parse(c.string(MIA_FEATURE), MIA_FEATURE));
    return new MiaOptions(feature, c.choice(MiaOptions.ATTACKER, MiaAttacker.class));
  }

  private static List<String> strings(JobConfig c, String key) {
    try {
      return c.raw().getStringList(key);
    } catch (ConfigException.WrongType e) {
      throw c.invalid(key, "a list of names");
    }
  }

  private static void requireDistinctNonEmpty(JobConfig c, String key, List<?> values) {
    if (values.isEmpty() || new LinkedHashSet<>(values).size() != values.size()) {
      throw c.invalid(key, "a non-empty list without repeats");
    }
  }
}
