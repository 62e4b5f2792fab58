package io.fedspark.jobs.distill;

import static io.fedspark.federated.config.InvalidConfigException.wrapping;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import io.fedspark.federated.config.SettingGroup;
import io.fedspark.jobs.data.DatasetName;
import io.fedspark.federated.distillation.EvaluationOptions;
import io.fedspark.federated.distillation.EvaluationProtocol;
import io.fedspark.federated.distillation.ImageAugmentation;
import io.fedspark.federated.distillation.KrrStOptions;
import io.fedspark.federated.distillation.RepresentationKind;
import io.fedspark.federated.distillation.TargetEncoderOptions;
import io.fedspark.math.Choice;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.AdamOptions;
import io.fedspark.math.optim.SgdOptions;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;



/**
 * All options of {@code fedspark distill} (keys under {@code distill.}), read from a validated
 * configuration before any work starts. The KRR-ST, target-encoder and evaluation settings become
 * the core's option records ({@link KrrStOptions}, {@link TargetEncoderOptions},
 * {@link EvaluationOptions}); their constructors check the values, and a failure is reported as an
 * {@link InvalidConfigException} naming the key.
 *
 * @param dataset the source data
 * @param sourceLimit first N training examples (0 = all)
 * @param sizes the m values, distinct
 * @param seeds distillation seeds, distinct
 * @param krrSt the KRR-ST settings with m = the first size (see {@link #krrSt(int)}); the
 *     augmentation is for square images of the pool's input size
 * @param target phi's training
 * @param targetLimit train phi on the first N source examples (0 = all)
 * @param evaluate run the transfer evaluation
 * @param evaluation the evaluation settings (backbone = the pool model)
 * @param baselines the baselines, distinct, in order
 * @param kmeansIterations Lloyd iterations of the k-means baseline
 * @param tasks the target tasks
 * @param testLimit first N test examples of each task (0 = all)
 * @param parallelism where the work runs
 * @param chunkSize source examples per cached chunk
 * @param dataPartitions Spark partitions of the cached chunks
 * @param gridPartitions Spark partitions of runs and evaluation cells (0 = one per cell)
 * @param progressLines console lines per distillation run
 */
public record DistillOptions(DatasetName dataset, int sourceLimit, List<Integer> sizes, List<Long> seeds,
    KrrStOptions krrSt, TargetEncoderOptions target, int targetLimit, boolean evaluate, EvaluationOptions evaluation,
    List<Baseline> baselines, int kmeansIterations, List<TaskSpec> tasks, int testLimit, Parallelism parallelism,
    int chunkSize, int dataPartitions, int gridPartitions, int progressLines) implements Serializable {

  private static final String O = "distill.outer.";
  private static final String P = "distill.pool.";
  private static final String T = "distill.target.";
  private static final String E = "distill.evaluation.";

  /** {@code distill.dataset}: the source data (its training split). */
  public static final Setting<DatasetName> DATASET = Setting.choice("distill.dataset", DatasetName.class, DatasetName.MNIST);
  /** {@code distill.source-limit}: distil only the first N training examples (0 = all). */
  public static final Setting<Integer> SOURCE_LIMIT = Setting.integer("distill.source-limit", 0, 0);
  /** {@code distill.sizes}: the m values (reference m = 1000). */
  public static final Setting<List<Integer>> SIZES =
      Setting.distinctNonEmpty(Setting.integers("distill.sizes", List.of(100), Bounds.closed(1, 1_000_000)));
  /** {@code distill.seeds}: distillation seeds (each derived with run.seed). */
  public static final Setting<List<Long>> SEEDS = Setting.distinctNonEmpty(Setting.longs("distill.seeds", List.of(1L)));
  /** {@code distill.class-balanced-init}: initialise X_s with equally many examples per class. */
  public static final Setting<Boolean> CLASS_BALANCED_INIT = Setting.bool("distill.class-balanced-init", false);
  /** {@code distill.outer.steps}: reference 160,000. */
  public static final Setting<Integer> OUTER_STEPS = Setting.integer(O + "steps", 1000, 1);
  /** {@code distill.outer.batch-size}: real examples per outer step, reference 1024. */
  public static final Setting<Integer> OUTER_BATCH_SIZE = Setting.integer(O + "batch-size", 1024, 1);
  /** {@code distill.outer.learning-rate}: AdamW on (X_s, Y_s). */
  public static final Setting<Double> OUTER_LEARNING_RATE = Setting.number(O + "learning-rate", 1e-3, Bounds.above(0));
  /** {@code distill.outer.weight-decay}: AdamW's decoupled weight decay, reference 0. */
  public static final Setting<Double> OUTER_WEIGHT_DECAY = Setting.number(O + "weight-decay", 0.0, Bounds.atLeast(0));
  /** {@code distill.outer.final-learning-rate-factor}: linear decay to this factor, reference 1e-3. */
  public static final Setting<Double> FINAL_LEARNING_RATE_FACTOR =
      Setting.number(O + "final-learning-rate-factor", 1e-3, Bounds.closed(0, 1));
  /** {@code distill.outer.ridge-factor}: lambda = factor * trace(F_s F_s'), reference 1e-6. */
  public static final Setting<Double> RIDGE_FACTOR = Setting.number(O + "ridge-factor", 1e-6, Bounds.above(0));
  /** {@code distill.outer.gradient-clip}: clip the joint outer gradient's norm (0 = off, the reference). */
  public static final Setting<Double> GRADIENT_CLIP = Setting.number(O + "gradient-clip", 0.0, Bounds.atLeast(0));
  /** {@code distill.augmentation.*}: of each outer step's real batch. */
  public static final AugmentationKeys AUGMENTATION = new AugmentationKeys("distill.augmentation", 3, 0.0, 1.0, 0.0);
  /** {@code distill.pool.size}: M, reference 10. */
  public static final Setting<Integer> POOL_SIZE = Setting.integer(P + "size", 10, 1);
  /** {@code distill.pool.model}: the pool architecture (loss=mse; r outputs), also the evaluation backbone. */
  public static final Setting<ModelSpec> POOL_MODEL = Setting.parsed(P + "model",
      ModelSpec.parse(KrrStOptions.DEFAULT_POOL_SPEC), "a regression model spec such as mlp:784-256-128-64:loss=mse",
      ModelSpec::parse);
  /** {@code distill.pool.*} SGD: reference lr 0.1, momentum 0.9, weight decay 1e-3. */
  public static final SgdKeys POOL_SGD = new SgdKeys("distill.pool", 0.1, 0.9, 1e-3);
  /** {@code distill.pool.reset-period}: reference 1000. */
  public static final Setting<Integer> POOL_RESET_PERIOD = Setting.integer(P + "reset-period", 1000, 1);
  /** {@code distill.pool.init-steps-min}. */
  public static final Setting<Integer> POOL_INIT_STEPS_MIN = Setting.integer(P + "init-steps-min", 1, 0);
  /** {@code distill.pool.init-steps-max}. */
  public static final Setting<Integer> POOL_INIT_STEPS_MAX = Setting.integer(P + "init-steps-max", 999, 0);
  /** {@code distill.target.kind}. */
  public static final Setting<RepresentationKind> TARGET_KIND =
      Setting.choice(T + "kind", RepresentationKind.class, RepresentationKind.SELF_SUPERVISED);
  /** {@code distill.target.hidden}: encoder hidden widths below the representation. */
  public static final Setting<List<Integer>> TARGET_HIDDEN =
      Setting.integers(T + "hidden", List.of(256), Bounds.closed(1, 1 << 20));
  /** {@code distill.target.dimension}: r, reference 512 (ResNet-18). */
  public static final Setting<Integer> TARGET_DIMENSION = Setting.integer(T + "dimension", 64, Bounds.closed(1, 1 << 16));
  /** {@code distill.target.projector}: Barlow Twins projector widths. */
  public static final Setting<List<Integer>> TARGET_PROJECTOR =
      Setting.integers(T + "projector", List.of(256, 256), Bounds.closed(1, 1 << 20))
          .where(l -> !l.isEmpty(), "a non-empty list of layer widths in [1, 1048576]");
  /** {@code distill.target.epochs}. */
  public static final Setting<Integer> TARGET_EPOCHS = Setting.integer(T + "epochs", 20, 1);
  /** {@code distill.target.batch-size}. */
  public static final Setting<Integer> TARGET_BATCH_SIZE = Setting.integer(T + "batch-size", 256, 2);
  /** {@code distill.target.learning-rate}: AdamW. */
  public static final Setting<Double> TARGET_LEARNING_RATE = Setting.number(T + "learning-rate", 1e-3, Bounds.above(0));
  /** {@code distill.target.weight-decay}. */
  public static final Setting<Double> TARGET_WEIGHT_DECAY = Setting.number(T + "weight-decay", 0.0, Bounds.atLeast(0));
  /** {@code distill.target.barlow-twins-lambda}: reference 0.0051. */
  public static final Setting<Double> BARLOW_TWINS_LAMBDA =
      Setting.number(T + "barlow-twins-lambda", 0.0051, Bounds.atLeast(0));
  /** {@code distill.target.limit}: train phi on the first N source examples (0 = all). */
  public static final Setting<Integer> TARGET_LIMIT = Setting.integer(T + "limit", 0, 0);
  /** {@code distill.target.augmentation.*}: views for phi's training. */
  public static final AugmentationKeys TARGET_AUGMENTATION =
      new AugmentationKeys("distill.target.augmentation", 3, 15.0, 1.15, 0.1);
  /** {@code distill.evaluation.enabled}. */
  public static final Setting<Boolean> EVALUATE = Setting.bool(E + "enabled", true);
  /**
   * {@code distill.evaluation.baselines}: the paper's at the same m, and the controls full-data and
   * target-probe (may be empty).
   */
  public static final Setting<List<Baseline>> BASELINES = Setting.choices(E + "baselines", Baseline.class,
      List.of(Baseline.values()))
      .where(l -> new LinkedHashSet<>(l).size() == l.size(), "a list without repeats of "
          + Choice.allowed(Baseline.class) + " (may be empty)");
  /** {@code distill.evaluation.full-data.epochs}: pretraining epochs of the full-data control. */
  public static final Setting<Integer> FULL_DATA_EPOCHS = Setting.integer(E + "full-data.epochs", 10, 1);
  /** {@code distill.evaluation.kmeans-iterations}. */
  public static final Setting<Integer> KMEANS_ITERATIONS = Setting.integer(E + "kmeans-iterations", 20, 0);
  /** {@code distill.evaluation.protocols}. */
  public static final Setting<List<EvaluationProtocol>> PROTOCOLS = Setting.distinctNonEmpty(Setting.choices(
      E + "protocols", EvaluationProtocol.class, List.of(EvaluationProtocol.LINEAR_PROBE, EvaluationProtocol.FINE_TUNE)));
  /** {@code distill.evaluation.tasks}: "DATASET:FRACTION". */
  public static final Setting<List<TaskSpec>> TASKS = Setting.distinctNonEmpty(
      Setting.parsedList(E + "tasks", List.of(new TaskSpec(DatasetName.MNIST, 0.01), new TaskSpec(DatasetName.MNIST, 0.1)),
          "a non-empty list without repeats of \"DATASET:FRACTION\" with DATASET one of mnist | fashion-mnist | digits | table"
              + " and FRACTION in (0, 1], e.g. [\"mnist:0.01\", \"fashion-mnist:0.1\"]",
          TaskSpec::parse));
  /** {@code distill.evaluation.test-limit}: the first N test examples only (0 = all). */
  public static final Setting<Integer> TEST_LIMIT = Setting.integer(E + "test-limit", 0, 0);
  /** {@code distill.evaluation.repeats}: seeds per cell, reference 3. */
  public static final Setting<Integer> REPEATS = Setting.integer(E + "repeats", 3, Bounds.closed(1, 1000));
  /** {@code distill.evaluation.pretrain.epochs}: reference 1000. */
  public static final Setting<Integer> PRETRAIN_EPOCHS = Setting.integer(E + "pretrain.epochs", 1000, 1);
  /** {@code distill.evaluation.pretrain.batch-size}. */
  public static final Setting<Integer> PRETRAIN_BATCH_SIZE = Setting.integer(E + "pretrain.batch-size", 256, 1);
  /** {@code distill.evaluation.pretrain.*} SGD: reference lr 0.1, momentum 0.9, wd 1e-3. */
  public static final SgdKeys PRETRAIN_SGD = new SgdKeys(E + "pretrain", 0.1, 0.9, 1e-3);
  /** {@code distill.evaluation.probe.steps}: reference 5000. */
  public static final Setting<Integer> PROBE_STEPS = Setting.integer(E + "probe.steps", 5000, 1);
  /** {@code distill.evaluation.probe.batch-size}. */
  public static final Setting<Integer> PROBE_BATCH_SIZE = Setting.integer(E + "probe.batch-size", 512, 1);
  /** {@code distill.evaluation.probe.*} SGD: reference lr 0.2. */
  public static final SgdKeys PROBE_SGD = new SgdKeys(E + "probe", 0.2, 0.9, 0.0);
  /** {@code distill.evaluation.fine-tune.steps}: reference 5000. */
  public static final Setting<Integer> FINE_TUNE_STEPS = Setting.integer(E + "fine-tune.steps", 5000, 1);
  /** {@code distill.evaluation.fine-tune.batch-size}. */
  public static final Setting<Integer> FINE_TUNE_BATCH_SIZE = Setting.integer(E + "fine-tune.batch-size", 512, 1);
  /** {@code distill.evaluation.fine-tune.*} SGD: reference lr 0.01, wd 5e-4. */
  public static final SgdKeys FINE_TUNE_SGD = new SgdKeys(E + "fine-tune", 0.01, 0.9, 5e-4);
  /** {@code distill.parallelism}. */
  public static final Setting<Parallelism> PARALLELISM =
      Setting.choice("distill.parallelism", Parallelism.class, Parallelism.RUNS);
  /** {@code distill.chunk-size}: source examples per cached chunk. */
  public static final Setting<Integer> CHUNK_SIZE = Setting.integer("distill.chunk-size", 4096, 1);
  /** {@code distill.data-partitions}: Spark partitions of the cached chunks. */
  public static final Setting<Integer> DATA_PARTITIONS = Setting.integer("distill.data-partitions", 4, 1);
  /** {@code distill.grid-partitions}: 0 = one task per cell. */
  public static final Setting<Integer> GRID_PARTITIONS = Setting.integer("distill.grid-partitions", 0, 0);
  /** {@code distill.progress-lines}: console progress lines per distillation run. */
  public static final Setting<Integer> PROGRESS_LINES = Setting.integer("distill.progress-lines", 10, 0);

  /** The SGD keys {@code learning-rate, momentum, weight-decay} of a block. */
  public record SgdKeys(Setting<Double> learningRate, Setting<Double> momentum, Setting<Double> weightDecay)
      implements SettingGroup {
    SgdKeys(String prefix, double lr, double momentum, double weightDecay) {
      this(Setting.number(prefix + ".learning-rate", lr, Bounds.above(0)),
          Setting.number(prefix + ".momentum", momentum, Bounds.closedOpen(0, 1)),
          Setting.number(prefix + ".weight-decay", weightDecay, Bounds.atLeast(0)));
    }

    SgdOptions read(ConfigView c) {
      return new SgdOptions(c.get(learningRate).floatValue(), c.get(momentum).floatValue(),
          c.get(weightDecay).floatValue(), false);
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(learningRate, momentum, weightDecay);
    }
  }

  /** The augmentation keys {@code max-shift, max-rotation-degrees, max-scale, noise-std} of a block. */
  public record AugmentationKeys(Setting<Integer> maxShift, Setting<Double> maxRotationDegrees, Setting<Double> maxScale,
      Setting<Double> noiseStd) implements SettingGroup {
    AugmentationKeys(String prefix, int shift, double rotation, double scale, double noise) {
      this(Setting.integer(prefix + ".max-shift", shift, 0),
          Setting.number(prefix + ".max-rotation-degrees", rotation, Bounds.closed(0, 180)),
          Setting.number(prefix + ".max-scale", scale, Bounds.closed(1, 100)),
          Setting.number(prefix + ".noise-std", noise, Bounds.closed(0, 100)));
    }

    /** The augmentation of {@code side x side} images. */
    ImageAugmentation read(ConfigView c, int side) {
      int shift = c.get(maxShift.where(v -> v < side, "an integer in [0, " + (side - 1) + "] (the images are " + side
          + " pixels wide)"));
      return wrapping(maxShift.key().replace(".max-shift", ""), () -> new ImageAugmentation(side, side, shift,
          c.get(maxRotationDegrees), c.get(maxScale), c.get(noiseStd)));
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(maxShift, maxRotationDegrees, maxScale, noiseStd);
    }
  }

  /** Where the work runs (key {@code distill.parallelism}). */
  public enum Parallelism implements Choice {
    /** Each (m, seed) distillation is one Spark task. */
    RUNS,
    /** The runs one after another; each outer step's real batch is a Spark job over cached chunks. */
    REAL_BATCH
  }

  /** A baseline of the evaluation: the paper's at the same m, or one of our two controls. */
  public enum Baseline implements Choice {
    /** m random real examples with phi targets (the paper's). */
    RANDOM_SUBSET,
    /** m k-means centroids with phi targets (the paper's). */
    KMEANS_CENTROIDS,
    /** No pretraining, evaluated once (the paper's "from scratch"). */
    NO_PRETRAINING,
    /** Pretraining on every source example with phi targets, evaluated once: the upper control. */
    FULL_DATA,
    /** The linear probe on phi itself, evaluated once (linear-probe rows only). */
    TARGET_PROBE;

    /** Whether it is evaluated at every m (false: once, as an m = 0 row). */
    public boolean perSize() {
      return this == RANDOM_SUBSET || this == KMEANS_CENTROIDS;
    }
  }

  /**
   * A target task {@code DATASET:FRACTION}.
   *
   * @param dataset its data
   * @param fraction the labelled fraction of its training split, in (0, 1]
   */
  public record TaskSpec(DatasetName dataset, double fraction) implements Serializable {
    public TaskSpec {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("the fraction " + fraction + " is not in (0, 1]");
      }
    }

    /** {@code "mnist:0.01"}. */
    static TaskSpec parse(String text) {
      String[] parts = text.split(":", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException("'" + text + "' is not DATASET:FRACTION");
      }
      double f;
      try {
        f = Double.parseDouble(parts[1].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + parts[1] + "' is not a number");
      }
      return new TaskSpec(Choice.parse(DatasetName.class, parts[0].trim(), "the dataset"), f);
    }

    /** E.g. {@code mnist-1%}. */
    public String name() {
      double pct = 100 * fraction;
      String p = pct == Math.rint(pct) ? Long.toString((long) pct) : String.format(Locale.ROOT, "%s", pct);
      return dataset.configName() + "-" + p + "%";
    }
  }

  public DistillOptions {
    sizes = List.copyOf(sizes);
    seeds = List.copyOf(seeds);
    baselines = List.copyOf(baselines);
    tasks = List.copyOf(tasks);
  }

  /** The KRR-ST settings for m synthetic examples. */
  public KrrStOptions krrSt(int m) {
    return krrSt.withSyntheticSize(m);
  }

  /** This with the augmentations sized for {@code height x width} images (the source's shape). */
  public DistillOptions forImages(int height, int width) {
    ImageAugmentation a = krrSt.augmentation();
    ImageAugmentation ta = target.augmentation();
    KrrStOptions k = krrSt.withPool(krrSt.poolSize(), krrSt.poolSpec(),
        new ImageAugmentation(height, width, a.maxShift(), a.maxRotationDegrees(), a.maxScale(), a.noiseStd()));
    TargetEncoderOptions t = target.withAugmentation(new ImageAugmentation(height, width, ta.maxShift(),
        ta.maxRotationDegrees(), ta.maxScale(), ta.noiseStd()));
    return new DistillOptions(dataset, sourceLimit, sizes, seeds, k, t, targetLimit, evaluate, evaluation, baselines,
        kmeansIterations, tasks, testLimit, parallelism, chunkSize, dataPartitions, gridPartitions, progressLines);
  }

  /** The options in {@code c}. */
  public static DistillOptions from(ConfigView c) {
    List<Integer> sizes = c.get(SIZES);
    int dimension = c.get(TARGET_DIMENSION);
    ModelSpec pool = c.get(POOL_MODEL.where(m -> isSquare(m.inputSize()),
        "a model over square images (input size a square such as 784 or 64)")
        .where(m -> m.outputSize() == dimension,
            "a model with r = distill.target.dimension = " + dimension + " outputs (the pool regresses phi)"));
    int side = (int) Math.round(Math.sqrt(pool.inputSize()));
    KrrStOptions krr = wrapping("distill.pool / distill.outer", () -> new KrrStOptions(sizes.get(0),
        c.get(OUTER_STEPS), c.get(OUTER_BATCH_SIZE), c.get(POOL_SIZE), pool, c.get(OUTER_LEARNING_RATE),
        c.get(OUTER_WEIGHT_DECAY), c.get(FINAL_LEARNING_RATE_FACTOR), POOL_SGD.read(c), c.get(POOL_RESET_PERIOD),
        c.get(POOL_INIT_STEPS_MIN), c.get(POOL_INIT_STEPS_MAX), c.get(RIDGE_FACTOR), AUGMENTATION.read(c, side),
        c.get(CLASS_BALANCED_INIT), c.get(GRADIENT_CLIP)));
    TargetEncoderOptions target = wrapping("distill.target", () -> new TargetEncoderOptions(c.get(TARGET_KIND),
        c.get(TARGET_HIDDEN), dimension, c.get(TARGET_PROJECTOR), c.get(TARGET_EPOCHS), c.get(TARGET_BATCH_SIZE),
        new AdamOptions(c.get(TARGET_LEARNING_RATE), 0.9, 0.999, 1e-8, c.get(TARGET_WEIGHT_DECAY)),
        c.get(BARLOW_TWINS_LAMBDA), TARGET_AUGMENTATION.read(c, side)));
    EvaluationOptions evaluation = wrapping("distill.evaluation", () -> new EvaluationOptions(pool,
        c.get(PRETRAIN_EPOCHS), c.get(PRETRAIN_BATCH_SIZE), PRETRAIN_SGD.read(c), c.get(FULL_DATA_EPOCHS),
        c.get(PROBE_STEPS),
        c.get(PROBE_BATCH_SIZE), PROBE_SGD.read(c), c.get(FINE_TUNE_STEPS), c.get(FINE_TUNE_BATCH_SIZE),
        FINE_TUNE_SGD.read(c), c.get(REPEATS), EnumSet.copyOf(c.get(PROTOCOLS))));
    List<Baseline> baselines = c.get(BASELINES);
    if (baselines.contains(Baseline.TARGET_PROBE)
        && !evaluation.protocols().contains(EvaluationProtocol.LINEAR_PROBE)) {
      throw InvalidConfigException.of(BASELINES.key(), baselines.stream().map(Baseline::configName).toList(),
          "baselines without target-probe when distill.evaluation.protocols has no linear-probe (the target probe is"
              + " a linear probe on phi)", c.origin(BASELINES.key()));
    }
    return new DistillOptions(c.get(DATASET), c.get(SOURCE_LIMIT), sizes, c.get(SEEDS), krr, target, c.get(TARGET_LIMIT),
        c.get(EVALUATE), evaluation, baselines, c.get(KMEANS_ITERATIONS), c.get(TASKS), c.get(TEST_LIMIT),
        c.get(PARALLELISM), c.get(CHUNK_SIZE), c.get(DATA_PARTITIONS), c.get(GRID_PARTITIONS), c.get(PROGRESS_LINES));
  }

  private static boolean isSquare(int n) {
    int side = (int) Math.round(Math.sqrt(n));
    return side * side == n;
  }
}
