package io.fedspark.jobs.unlearn;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.data.DatasetName;
import io.fedspark.federated.unlearning.ForgetKind;
import io.fedspark.federated.unlearning.MiaOptions;
import io.fedspark.federated.unlearning.MiaFeature;
import io.fedspark.federated.unlearning.MiaOptions;
import io.fedspark.federated.unlearning.SearchMode;
import io.fedspark.federated.unlearning.TrainingOptions;
import io.fedspark.federated.unlearning.UnlearningMethodKind;
import io.fedspark.federated.unlearning.UnlearningMethodSettings;
import io.fedspark.federated.unlearning.WorstCaseSearchOptions;
import io.fedspark.jobs.federate.FederateOptions;
import io.fedspark.math.nn.ModelSpec;
import java.util.List;



/**
 * All options of {@code fedspark unlearn} (keys under {@code unlearn.}), loaded from a validated
 * configuration. The search keys are those of {@link WorstCaseSearchOptions}; its mode is not a
 * key here, it follows from the forget kind (worst-case or easiest).
 *
 * @param original the original model's recipe (and Retrain's), {@code unlearn.original.*}
 * @param methodSettings every method's hyperparameters, {@code unlearn.<method>.*}
 *     ({@link UnlearnMethodKeys})
 * @param methods the methods of the grid, in order, no repeats 
 * @param forgetKinds random, worst-case and/or easiest 
 * @param ratios forget ratios in (0, 1) 
 * @param seeds experiment seeds, no repeats 
 * @param search the search settings (mode WORST; easiest sets use the same with mode EASIEST)
 * @param gridPartitions Spark partitions of the grid (0: one per cell)
 * @param forgetSet the {@code indices.csv} of an earlier run whose sets replace the search
 *     ({@code unlearn.forget-set}; empty: build the sets)
 */
public record UnlearnOptions(DatasetName dataset, ModelSpec model, TrainingOptions original,
    UnlearningMethodSettings methodSettings, List<UnlearningMethodKind> methods, List<ForgetKind> forgetKinds, List<Double> ratios, List<Long> seeds,
    MiaOptions mia, WorstCaseSearchOptions search, int gridPartitions, String forgetSet) {

  /** {@code unlearn.setting}: centralized (examples of one model) | federated (whole clients). */
  public static final Setting<UnlearnSetting> SETTING =
      Setting.choice("unlearn.setting", UnlearnSetting.class, UnlearnSetting.CENTRALIZED);
  /** {@code unlearn.dataset}. */
  public static final Setting<DatasetName> DATASET = Setting.choice("unlearn.dataset", DatasetName.class, DatasetName.DIGITS);
  /** {@code unlearn.model}. */
  public static final Setting<ModelSpec> MODEL = FederateOptions.modelSetting("unlearn.model", "mlp:64-32-10");
  /** {@code unlearn.methods}: the methods of the grid, in order. */
  public static final Setting<List<UnlearningMethodKind>> METHODS = Setting.distinctNonEmpty(
      Setting.choices("unlearn.methods", UnlearningMethodKind.class, List.of(UnlearningMethodKind.RETRAIN,
          UnlearningMethodKind.FT, UnlearningMethodKind.GA, UnlearningMethodKind.RL, UnlearningMethodKind.L1_SPARSE,
          UnlearningMethodKind.IU, UnlearningMethodKind.EU_K, UnlearningMethodKind.CF_K)));
  /** {@code unlearn.forget-kinds}: random | worst-case | easiest. */
  public static final Setting<List<ForgetKind>> FORGET_KINDS = Setting.distinctNonEmpty(
      Setting.choices("unlearn.forget-kinds", ForgetKind.class, List.of(ForgetKind.RANDOM, ForgetKind.WORST_CASE)))
      .where(l -> l.stream().noneMatch(k -> k == ForgetKind.CLIENT || k == ForgetKind.WORST_CASE_CLIENT),
          "a non-empty list without repeats of random | worst-case | easiest (to forget whole clients, set "
              + "unlearn.setting = federated and the unlearn.client.* keys)");
  /** {@code unlearn.forget-set}: the indices.csv of an earlier run whose sets are reused; empty: build the sets. */
  public static final Setting<String> FORGET_SET = Setting.string(ForgetSetFile.KEY, "");
  /** {@code unlearn.ratios}: forget ratios |D_f| / |D| in (0, 1). */
  public static final Setting<List<Double>> RATIOS =
      Setting.distinctNonEmpty(Setting.numbers("unlearn.ratios", List.of(0.1), Bounds.open(0, 1)));
  /** {@code unlearn.seeds}: experiment seeds (each derived with run.seed). */
  public static final Setting<List<Long>> SEEDS =
      Setting.distinctNonEmpty(Setting.longs("unlearn.seeds", List.of(1L, 2L, 3L)));
  /** {@code unlearn.grid-partitions}: Spark partitions of the grid; 0 = one task per cell. */
  public static final Setting<Integer> GRID_PARTITIONS = Setting.integer("unlearn.grid-partitions", 0, 0);

  public UnlearnOptions {
    methods = List.copyOf(methods);
    forgetKinds = List.copyOf(forgetKinds);
    ratios = List.copyOf(ratios);
    seeds = List.copyOf(seeds);
  }

  /** The options in {@code c}. */
  public static UnlearnOptions from(ConfigView c) {
    return new UnlearnOptions(c.get(DATASET), c.get(MODEL), UnlearningMethodSettings.ORIGINAL.read(c),
        UnlearningMethodSettings.from(c), c.get(METHODS), c.get(FORGET_KINDS), c.get(RATIOS), c.get(SEEDS),
        MiaOptions.from(c), new WorstCaseSearchOptions(SearchMode.WORST, c),
        c.get(GRID_PARTITIONS), c.get(FORGET_SET).strip());
  }
}
