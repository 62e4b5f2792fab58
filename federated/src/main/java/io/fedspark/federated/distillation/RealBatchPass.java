package io.fedspark.federated.distillation;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.io.Serializable;
import java.util.Objects;

/**
 * The real-batch half of one KRR-ST outer step as a pure, serialisable function over a block of
 * real examples: everything an executor needs (the chosen pool model's spec and parameters,
 * {@code W = F_s' A^-1 Y_s}, the augmentation and its seed for this step), with {@code phi} passed
 * in (broadcast once per run). For a block of rows with their example ids:
 * <pre>
 *   x_r = augment(rows)            (per example, seeded by (step seed, example id))
 *   y_r = phi(x_r)                 (no gradient)
 *   F_r = g_j(x_r)                 (no gradient; the bias column is implicit)
 * </pre>
 * {@link #features} returns these; {@link #accumulate} reduces them to {@link RealBatchStatistics}
 * (O((h+1) r) doubles per block, whatever the block size). The result of a block does not depend
 * on the other blocks, so the sum over a partitioned batch equals the one over the whole batch up
 * to the order of floating-point additions. Thread-safe: each call builds its own model.
 */
public final class RealBatchPass implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ModelSpec poolSpec;
  private final float[] poolParameters;
  private final double[] realWeights;
  private final int featureWidth;
  private final ImageAugmentation augmentation;
  private final long augmentationSeed;

  /**
   * @param poolSpec the spec of pool model j
   * @param poolParameters its parameters at this step (copied)
   * @param realWeights {@code W} of the step's {@link KernelRidgeSystem}, {@code (h+1) x r} (copied)
   * @param featureWidth h, the width of {@code g_j}
   * @param augmentation the real-batch augmentation
   * @param augmentationSeed the seed of this step's views ({@code SeedSequence.root} of it is passed
   *     to {@link ImageAugmentation#apply})
   */
  public RealBatchPass(ModelSpec poolSpec, float[] poolParameters, double[] realWeights, int featureWidth,
      ImageAugmentation augmentation, long augmentationSeed) {
    this.poolSpec = Objects.requireNonNull(poolSpec, "poolSpec");
    this.poolParameters = Objects.requireNonNull(poolParameters, "poolParameters").clone();
    this.realWeights = Objects.requireNonNull(realWeights, "realWeights").clone();
    this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
    if (poolParameters.length != poolSpec.parameterCount()) {
      throw new IllegalArgumentException("real batch pass: " + poolSpec + " has " + poolSpec.parameterCount()
          + " parameters, got " + poolParameters.length);
    }
    if (realWeights.length != (featureWidth + 1) * poolSpec.outputSize()) {
      throw new IllegalArgumentException("real batch pass: W has " + realWeights.length + " elements, expected (h+1)"
          + " x r = " + (featureWidth + 1) + " x " + poolSpec.outputSize());
    }
    this.featureWidth = featureWidth;
    this.augmentationSeed = augmentationSeed;
  }

  /**
   * The augmented block and its features.
   *
   * @param inputs {@code x_r}, the augmented rows
   * @param features {@code g_j(x_r)}, {@code n x h}
   * @param targets {@code phi(x_r)}, {@code n x r}
   */
  public record Features(FloatMatrix inputs, FloatMatrix features, FloatMatrix targets) {}

  /**
   * Augments a block of real rows and computes {@code g_j} and {@code phi} of the views.
   *
   * @param rows real examples, {@code n x inputSize} (not modified)
   * @param exampleIds their ids (e.g. dataset indices), which seed their views
   * @param phi the target encoder of the run
   */
  public Features features(FloatMatrix rows, long[] exampleIds, TargetEncoder phi) {
    Objects.requireNonNull(phi, "phi");
    if (phi.dimension() != poolSpec.outputSize()) {
      throw new IllegalArgumentException("real batch pass: phi gives r = " + phi.dimension() + " but the pool model "
          + poolSpec + " regresses " + poolSpec.outputSize() + " dimensions");
    }
    FloatMatrix x = augmentation.apply(rows, exampleIds, SeedSequence.root(augmentationSeed));
    FloatMatrix f = Model.fromParameters(poolSpec, poolParameters).features(x);
    return new Features(x, f, phi.encode(x));
  }

  /** {@link #features} of the block reduced to its {@link RealBatchStatistics}. */
  public RealBatchStatistics accumulate(FloatMatrix rows, long[] exampleIds, TargetEncoder phi) {
    Features f = features(rows, exampleIds, phi);
    return RealBatchStatistics.empty(featureWidth, poolSpec.outputSize()).add(f.features(), f.targets(), realWeights);
  }

  /** An empty accumulator of the right dimensions, the zero of a {@code treeAggregate}. */
  public RealBatchStatistics emptyStatistics() {
    return RealBatchStatistics.empty(featureWidth, poolSpec.outputSize());
  }
}
