package io.fedspark.jobs.bench;

import io.fedspark.jobs.bench.jmh.TrainingStepBenchmark;
import io.fedspark.math.nn.ModelKind;
import io.fedspark.math.nn.ModelSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link MathBenchmark} measures and how long: the gemm shapes, the MLP and its batch sizes,
 * the training rows the steps cycle through, the learning rate, and JMH's forks and iterations.
 *
 * @param mode a name for the report ({@code "quick"}, {@code "full"})
 * @param jmh forks and iterations of every benchmark
 * @param gemmShapes shapes of figures (a), (d) and (e)
 * @param mlp the model of figures (b), (c), (d); a dense model (logreg or mlp)
 * @param batchSizes batch sizes of the training figures
 * @param targets the ratio asked for "core vs DL4J" at each batch size (same length; 0 for none)
 * @param dataRows training rows the steps cycle through (a multiple of every batch size is best)
 * @param data MNIST rows if cached, or random rows
 * @param learningRate plain SGD step size on both engines
 */
public record MathBenchOptions(String mode, Jmh jmh, List<GemmShape> gemmShapes, ModelSpec mlp,
    List<Integer> batchSizes, List<Double> targets, int dataRows, TrainingStepBenchmark.Data data,
    float learningRate) {

  /** The gemm shapes the issue names: the MLP's first layer at batch 10 and 64, and two squares. */
  public static final List<GemmShape> ISSUE_SHAPES =
      List.of(GemmShape.of(10, 784, 200), GemmShape.of(64, 784, 200), GemmShape.of(256, 256, 256),
          GemmShape.of(1024, 1024, 1024));

  /**
   * JMH's run settings for every benchmark: {@code forks} fresh JVMs one after another, each
   * running {@code warmupIterations} untimed and then {@code measurementIterations} timed
   * iterations of the given lengths (JMH calls the benchmark until the time is up).
   */
  public record Jmh(int forks, int warmupIterations, Duration warmupTime, int measurementIterations,
      Duration measurementTime) {
    public Jmh {
      Objects.requireNonNull(warmupTime, "warmupTime");
      Objects.requireNonNull(measurementTime, "measurementTime");
      if (forks < 1 || warmupIterations < 0 || measurementIterations < 1 || warmupTime.isNegative()
          || measurementTime.isNegative() || measurementTime.isZero()) {
        throw new IllegalArgumentException("bench math: JMH settings " + this + ": expected forks >= 1, warm-up"
            + " iterations >= 0, measurement iterations >= 1 and a positive measurement time");
      }
    }

    /** The same settings as the report's sampling description. */
    public SamplerOptions sampling() {
      String statistic = String.format(Locale.ROOT, "JMH %s throughput, %d fork(s) per benchmark, each %d warm-up"
          + " iteration(s) of %.2f s then %d measured iteration(s) of %.2f s; value = JMH score (mean of all measured"
          + " iterations), +- = JMH score error (half-width of its 99.9%% confidence interval), min/max over the"
          + " iterations; benchmarks run one after another, each in a fresh JVM", org.openjdk.jmh.util.Version
          .getPlainVersion(), forks, warmupIterations, seconds(warmupTime), measurementIterations,
          seconds(measurementTime));
      return new SamplerOptions(warmupTime.multipliedBy(warmupIterations), forks * measurementIterations,
          measurementTime, statistic);
    }

    private static double seconds(Duration d) {
      return d.toMillis() / 1000.0;
    }
  }

  public MathBenchOptions {
    Objects.requireNonNull(jmh, "jmh");
    Objects.requireNonNull(data, "data");
    gemmShapes = List.copyOf(gemmShapes);
    batchSizes = List.copyOf(batchSizes);
    targets = List.copyOf(targets);
    Objects.requireNonNull(mlp, "mlp");
    if (mlp.kind() != ModelKind.MLP && mlp.kind() != ModelKind.LOGREG) {
      throw new IllegalArgumentException("bench math: model " + mlp + " is not a dense model (logreg or mlp)");
    }
    if (batchSizes.isEmpty() || batchSizes.size() != targets.size()) {
      throw new IllegalArgumentException("bench math: " + batchSizes.size() + " batch sizes and " + targets.size()
          + " targets; expected the same positive number");
    }
    if (batchSizes.stream().distinct().count() != batchSizes.size()) {
      throw new IllegalArgumentException("bench math: batch sizes " + batchSizes + " repeat a value; expected distinct sizes");
    }
    for (int b : batchSizes) {
      if (b < 1 || b > dataRows) {
        throw new IllegalArgumentException("bench math: batch size " + b + " is not in [1, dataRows = " + dataRows + "]");
      }
    }
    if (!(learningRate > 0f)) {
      throw new IllegalArgumentException("bench math: learning rate " + learningRate + " is not > 0");
    }
  }

  /**
   * About two minutes: 1 fork, 2 x 0.4 s warm-up and 5 x 0.3 s measured per benchmark (five
   * iterations, so that the 99.9% confidence interval is not dominated by Student's t at 2 degrees
   * of freedom), 2,560 rows.
   */
  public static MathBenchOptions quick() {
    return new MathBenchOptions("quick", new Jmh(1, 2, Duration.ofMillis(400), 5, Duration.ofMillis(300)),
        ISSUE_SHAPES, ModelSpec.parse("mlp:784-200-10"), List.of(10, 64), List.of(3.0, 2.0), 2560,
        TrainingStepBenchmark.Data.MNIST_IF_CACHED, 0.01f);
  }

  /** About ten minutes: 2 forks, 3 x 1 s warm-up and 5 x 1 s measured per benchmark and fork, 10,240 rows. */
  public static MathBenchOptions full() {
    return new MathBenchOptions("full", new Jmh(2, 3, Duration.ofSeconds(1), 5, Duration.ofSeconds(1)),
        ISSUE_SHAPES, ModelSpec.parse("mlp:784-200-10"), List.of(10, 64), List.of(3.0, 2.0), 10240,
        TrainingStepBenchmark.Data.MNIST_IF_CACHED, 0.01f);
  }
}
