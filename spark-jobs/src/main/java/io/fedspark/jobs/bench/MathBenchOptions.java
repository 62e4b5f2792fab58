package io.fedspark.jobs.bench;

import io.fedspark.math.nn.ModelKind;
import io.fedspark.math.nn.ModelSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link MathBenchmark} measures and how long: the gemm shapes, the MLP and its batch sizes,
 * how many training rows the MLP cycles through, the learning rate, and the sampling.
 *
 * @param mode a name for the report ({@code "quick"}, {@code "full"})
 * @param sampling warm-up and repetitions of every workload
 * @param gemmShapes shapes of figure (a) and (d)
 * @param mlp the model of figures (b), (c), (d); a dense model (logreg or mlp)
 * @param batchSizes batch sizes of the training figures
 * @param targets the ratio asked for "core vs DL4J" at each batch size (same length; 0 for none)
 * @param dataRows training rows the steps cycle through (a multiple of every batch size is best)
 * @param learningRate plain SGD step size on both engines
 */
public record MathBenchOptions(String mode, SamplerOptions sampling, List<GemmShape> gemmShapes, ModelSpec mlp,
    List<Integer> batchSizes, List<Double> targets, int dataRows, float learningRate) {

  /** The gemm shapes the issue names: the MLP's first layer at batch 10 and 64, and two squares. */
  public static final List<GemmShape> ISSUE_SHAPES =
      List.of(GemmShape.of(10, 784, 200), GemmShape.of(64, 784, 200), GemmShape.of(256, 256, 256),
          GemmShape.of(1024, 1024, 1024));

  public MathBenchOptions {
    Objects.requireNonNull(sampling, "sampling");
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
    for (int b : batchSizes) {
      if (b < 1 || b > dataRows) {
        throw new IllegalArgumentException("bench math: batch size " + b + " is not in [1, dataRows = " + dataRows + "]");
      }
    }
    if (!(learningRate > 0f)) {
      throw new IllegalArgumentException("bench math: learning rate " + learningRate + " is not > 0");
    }
  }

  /** About a minute and a half: 0.5 s warm-up, median of 7 repetitions of 0.3 s. */
  public static MathBenchOptions quick() {
    return new MathBenchOptions("quick", new SamplerOptions(Duration.ofMillis(500), 7, Duration.ofMillis(300)),
        ISSUE_SHAPES, ModelSpec.parse("mlp:784-200-10"), List.of(10, 64), List.of(3.0, 2.0), 2560, 0.01f);
  }

  /** About five minutes: 2 s warm-up, median of 15 repetitions of 0.5 s, 10,240 training rows. */
  public static MathBenchOptions full() {
    return new MathBenchOptions("full", new SamplerOptions(Duration.ofSeconds(2), 15, Duration.ofMillis(500)),
        ISSUE_SHAPES, ModelSpec.parse("mlp:784-200-10"), List.of(10, 64), List.of(3.0, 2.0), 10240, 0.01f);
  }
}
