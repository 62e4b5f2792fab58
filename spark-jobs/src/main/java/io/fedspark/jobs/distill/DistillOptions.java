package io.fedspark.jobs.distill;

import static io.fedspark.jobs.config.InvalidConfigException.wrapping;

import com.typesafe.config.ConfigException;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.distillation.EvaluationOptions;
import io.fedspark.federated.distillation.EvaluationProtocol;
import io.fedspark.federated.distillation.ImageAugmentation;
import io.fedspark.federated.distillation.KrrStOptions;
import io.fedspark.federated.distillation.RepresentationKind;
import io.fedspark.federated.distillation.TargetEncoderOptions;
import io.fedspark.jobs.config.InvalidConfigException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.AdamOptions;
import io.fedspark.math.optim.SgdOptions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
public record DistillOptions(DatasetId dataset, int sourceLimit, List<Integer> sizes, List<Long> seeds,
    KrrStOptions krrSt, TargetEncoderOptions target, int targetLimit, boolean evaluate, EvaluationOptions evaluation,
    List<Baseline> baselines, int kmeansIterations, List<TaskSpec> tasks, int testLimit, Parallelism parallelism,
    int chunkSize, int dataPartitions, int gridPartitions, int progressLines) implements Serializable {

  static final String SIZES = "distill.sizes";
  static final String SEEDS = "distill.seeds";
  static final String POOL_MODEL = "distill.pool.model";
  static final String TASKS = "distill.evaluation.tasks";
  static final String BASELINES = "distill.evaluation.baselines";
  static final String PROTOCOLS = "distill.evaluation.protocols";

  /** Where the work runs (key {@code distill.parallelism}). */
  public enum Parallelism {
    /** Each (m, seed) distillation is one Spark task. */
    RUNS,
    /** The runs one after another; each outer step's real batch is a Spark job over cached chunks. */
    REAL_BATCH
  }

  /** A baseline of the evaluation at the same m. */
  public enum Baseline {
    RANDOM_SUBSET("random-subset"),
    KMEANS_CENTROIDS("kmeans-centroids"),
    NO_PRETRAINING("no-pretraining");

    private final String configName;

    Baseline(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  /**
   * A target task {@code DATASET:FRACTION}.
   *
   * @param dataset its data
   * @param fraction the labelled fraction of its training split, in (0, 1]
   */
  public record TaskSpec(DatasetId dataset, double fraction) implements Serializable {
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

  public static DistillOptions from(JobConfig c) {
    DatasetId dataset = c.choice("distill.dataset", DatasetId.class);
    int sourceLimit = c.integer("distill.source-limit", 0, Integer.MAX_VALUE);
    List<Integer> sizes = new ArrayList<>();
    for (long v : longs(c, SIZES)) {
      if (v < 1 || v > 1_000_000) {
        throw c.invalid(SIZES, "a list of synthetic set sizes m in [1, 1000000], e.g. [10, 50, 100]");
      }
      sizes.add((int) v);
    }
    requireDistinctNonEmpty(c, SIZES, sizes);
    List<Long> seeds = longs(c, SEEDS);
    requireDistinctNonEmpty(c, SEEDS, seeds);

    ModelSpec pool;
    try {
      pool = ModelSpec.parse(c.string(POOL_MODEL));
    } catch (IllegalArgumentException e) {
      throw c.invalid(POOL_MODEL, "a regression model spec such as mlp:784-256-128-64:loss=mse (" + e.getMessage()
          + ")");
    }
    int side = (int) Math.round(Math.sqrt(pool.inputSize()));
    if (side * side != pool.inputSize()) {
      throw c.invalid(POOL_MODEL, "a model over square images (input size a square such as 784 or 64)");
    }
    int dimension = c.integer("distill.target.dimension", 1, 1 << 16);
    if (pool.outputSize() != dimension) {
      throw c.invalid(POOL_MODEL, "a model with r = distill.target.dimension = " + dimension
          + " outputs (the pool regresses phi)");
    }
    ImageAugmentation realAug = augmentation(c, "distill.augmentation", side);
    SgdOptions poolSgd = sgd(c, "distill.pool");
    KrrStOptions krr = wrapping("distill.pool / distill.outer", () -> new KrrStOptions(sizes.get(0),
        c.integer("distill.outer.steps", 1, 100_000_000), c.integer("distill.outer.batch-size", 1, 1 << 24),
        c.integer("distill.pool.size", 1, 10_000), pool,
        c.number("distill.outer.learning-rate", Double.MIN_VALUE, 1e6),
        c.number("distill.outer.weight-decay", 0, 1e6),
        c.number("distill.outer.final-learning-rate-factor", 0, 1), poolSgd,
        c.integer("distill.pool.reset-period", 1, Integer.MAX_VALUE),
        c.integer("distill.pool.init-steps-min", 0, 1_000_000),
        c.integer("distill.pool.init-steps-max", 0, 1_000_000),
        c.number("distill.outer.ridge-factor", Double.MIN_VALUE, 1e6), realAug,
        c.bool("distill.class-balanced-init"), c.number("distill.outer.gradient-clip", 0, 1e12)));

    RepresentationKind kind;
    try {
      kind = RepresentationKind.fromConfigName(c.string("distill.target.kind"));
    } catch (IllegalArgumentException e) {
      throw c.invalid("distill.target.kind", "one of self-supervised | supervised");
    }
    TargetEncoderOptions target = wrapping("distill.target", () -> new TargetEncoderOptions(kind,
        widths(c, "distill.target.hidden", true), dimension, widths(c, "distill.target.projector", false),
        c.integer("distill.target.epochs", 1, 1_000_000), c.integer("distill.target.batch-size", 2, 1 << 24),
        new AdamOptions(c.number("distill.target.learning-rate", Double.MIN_VALUE, 1e6), 0.9, 0.999, 1e-8,
            c.number("distill.target.weight-decay", 0, 1e6)),
        c.number("distill.target.barlow-twins-lambda", 0, 1e6),
        augmentation(c, "distill.target.augmentation", side)));
    int targetLimit = c.integer("distill.target.limit", 0, Integer.MAX_VALUE);

    String e = "distill.evaluation.";
    Set<EvaluationProtocol> protocols = EnumSet.noneOf(EvaluationProtocol.class);
    for (String s : strings(c, PROTOCOLS)) {
      EvaluationProtocol p = null;
      for (EvaluationProtocol q : EvaluationProtocol.values()) {
        if (q.configName().equals(s.trim())) {
          p = q;
        }
      }
      if (p == null || !protocols.add(p)) {
        throw c.invalid(PROTOCOLS, "a non-empty list without repeats of linear-probe | fine-tune");
      }
    }
    EvaluationOptions evaluation = wrapping("distill.evaluation", () -> new EvaluationOptions(pool,
        c.integer(e + "pretrain.epochs", 1, 10_000_000), c.integer(e + "pretrain.batch-size", 1, 1 << 24),
        sgd(c, e + "pretrain"), c.integer(e + "probe.steps", 1, 100_000_000),
        c.integer(e + "probe.batch-size", 1, 1 << 24), sgd(c, e + "probe"),
        c.integer(e + "fine-tune.steps", 1, 100_000_000), c.integer(e + "fine-tune.batch-size", 1, 1 << 24),
        sgd(c, e + "fine-tune"), c.integer(e + "repeats", 1, 1000), protocols));
    List<Baseline> baselines = new ArrayList<>();
    for (String s : strings(c, BASELINES)) {
      Baseline b = null;
      for (Baseline q : Baseline.values()) {
        if (q.configName().equals(s.trim())) {
          b = q;
        }
      }
      if (b == null || baselines.contains(b)) {
        throw c.invalid(BASELINES, "a list without repeats of random-subset | kmeans-centroids | no-pretraining"
            + " (may be empty)");
      }
      baselines.add(b);
    }
    List<TaskSpec> tasks = new ArrayList<>();
    String taskForm = "a non-empty list without repeats of \"DATASET:FRACTION\" with DATASET one of mnist |"
        + " fashion-mnist | digits and FRACTION in (0, 1], e.g. [\"mnist:0.01\", \"fashion-mnist:0.1\"]";
    for (String s : strings(c, TASKS)) {
      String[] parts = s.split(":", -1);
      if (parts.length != 2) {
        throw c.invalid(TASKS, taskForm);
      }
      try {
        double f = Double.parseDouble(parts[1].trim());
        if (!(f > 0 && f <= 1)) {
          throw c.invalid(TASKS, taskForm);
        }
        tasks.add(new TaskSpec(DatasetId.fromConfigName(parts[0].trim()), f));
      } catch (IllegalArgumentException ex) {
        throw c.invalid(TASKS, taskForm);
      }
    }
    requireDistinctNonEmpty(c, TASKS, tasks);

    Parallelism parallelism = c.choice("distill.parallelism", Parallelism.class);
    return new DistillOptions(dataset, sourceLimit, sizes, seeds, krr, target, targetLimit,
        c.bool("distill.evaluation.enabled"), evaluation, baselines,
        c.integer(e + "kmeans-iterations", 0, 1_000_000), tasks, c.integer(e + "test-limit", 0, Integer.MAX_VALUE),
        parallelism, c.integer("distill.chunk-size", 1, 1 << 24), c.integer("distill.data-partitions", 1, 100_000),
        c.integer("distill.grid-partitions", 0, 100_000), c.integer("distill.progress-lines", 0, 100_000));
  }

  private static SgdOptions sgd(JobConfig c, String prefix) {
    return wrapping(prefix, () -> new SgdOptions((float) c.number(prefix + ".learning-rate", Double.MIN_VALUE, 1e6),
        (float) c.number(prefix + ".momentum", 0, 0.999999),
        (float) c.number(prefix + ".weight-decay", 0, 1e6), false));
  }

  private static ImageAugmentation augmentation(JobConfig c, String prefix, int side) {
    int shift = c.integer(prefix + ".max-shift", 0, Math.max(0, side - 1));
    return wrapping(prefix, () -> new ImageAugmentation(side, side, shift,
        c.number(prefix + ".max-rotation-degrees", 0, 180), c.number(prefix + ".max-scale", 1, 100),
        c.number(prefix + ".noise-std", 0, 100)));
  }

  private static List<Integer> widths(JobConfig c, String key, boolean mayBeEmpty) {
    List<Integer> out = new ArrayList<>();
    for (long v : longs(c, key)) {
      if (v < 1 || v > 1 << 20) {
        throw c.invalid(key, "a list of layer widths in [1, 1048576]");
      }
      out.add((int) v);
    }
    if (out.isEmpty() && !mayBeEmpty) {
      throw c.invalid(key, "a non-empty list of layer widths");
    }
    return out;
  }

  private static List<Long> longs(JobConfig c, String key) {
    try {
      return c.raw().getLongList(key);
    } catch (ConfigException.WrongType ex) {
      throw c.invalid(key, "a list of integers");
    }
  }

  private static List<String> strings(JobConfig c, String key) {
    try {
      return c.raw().getStringList(key);
    } catch (ConfigException.WrongType ex) {
      throw c.invalid(key, "a list of names");
    }
  }

  private static void requireDistinctNonEmpty(JobConfig c, String key, List<?> values) {
    if (values.isEmpty() || new LinkedHashSet<>(values).size() != values.size()) {
      throw c.invalid(key, "a non-empty list without repeats");
    }
  }
}
