package io.fedspark.federated.distillation;

import io.fedspark.math.nn.Loss;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.SgdOptions;
import java.util.Objects;

/**
 * Settings of a KRR-ST run ({@link KrrStDistiller}); validates itself. The no-argument constructor
 * gives the reference values (docs/algorithms.md, KRR-ST; CIFAR-100 scale: m = 1000, 160k outer
 * steps of 1024 real examples, M = 10, outer lr 1e-4 as the reference README's CIFAR-100 command),
 * with an MLP for 28x28 images as the pool architecture; scale down with the {@code with...}
 * methods.
 *
 * @param syntheticSize m, the number of synthetic examples, at least 1
 * @param outerSteps number of outer steps, at least 1
 * @param outerBatchSize real examples per outer step (reference 1024), at least 1; capped at the
 *     size of the source data
 * @param poolSize M, the number of pool models, at least 1
 * @param poolSpec architecture of the pool models, {@code loss=mse} with r outputs (r must be the
 *     target encoder's dimension); {@code g_j} is its {@code features}. Default
 *     {@code mlp:784-256-128-64:loss=mse}
 * @param outerLearningRate AdamW learning rate on {@code (X_s, Y_s)} (the reference README runs
 *     CIFAR-100 with 1e-4, TinyImageNet and ImageNet with 1e-5; its {@code train.py} defaults to
 *     1e-3), finite and > 0
 * @param outerWeightDecay AdamW decoupled weight decay (reference 0), finite and >= 0
 * @param finalLearningRateFactor the outer learning rate decays linearly from x1 to this factor
 *     over the run (reference 1e-3), in [0, 1]
 * @param poolOptimizer SGD of pool initialisation and updates (reference lr 0.1, momentum 0.9,
 *     weight decay 1e-3)
 * @param poolResetPeriod re-initialise a pool model after this many steps (reference 1000), >= 1
 * @param poolInitStepsMin fewest initial full-batch steps of a pool model (reference 1), >= 0
 * @param poolInitStepsMax most initial steps (reference 999), >= poolInitStepsMin
 * @param ridgeFactor lambda = ridgeFactor * trace(F_s F_s') (reference 1e-6), finite and > 0
 * @param augmentation of the real batch (pixels must match the pool's input size)
 * @param classBalancedInit initialise X_s with equally many examples of each class (uses labels,
 *     which the self-supervised method otherwise never sees); false draws uniformly
 * @param outerGradientClip the bound c of the outer gradient-norm clip ({@link GradientNormClip}):
 *     before each AdamW step the joint gradient {@code (dL/dX_s, dL/dY_s)} is rescaled to norm at
 *     most c. 0 switches it off, the reference's default (its optional {@code outer_grad_norm});
 *     finite and >= 0
 */
public record KrrStOptions(int syntheticSize, long outerSteps, int outerBatchSize, int poolSize, ModelSpec poolSpec,
    double outerLearningRate, double outerWeightDecay, double finalLearningRateFactor, SgdOptions poolOptimizer,
    int poolResetPeriod, int poolInitStepsMin, int poolInitStepsMax, double ridgeFactor,
    ImageAugmentation augmentation, boolean classBalancedInit, double outerGradientClip) implements java.io.Serializable {

  /** The default pool architecture. */
  public static final String DEFAULT_POOL_SPEC = "mlp:784-256-128-64:loss=mse";

  public KrrStOptions {
    Objects.requireNonNull(poolSpec, "poolSpec");
    Objects.requireNonNull(poolOptimizer, "poolOptimizer");
    Objects.requireNonNull(augmentation, "augmentation");
    String p = "krr-st options: ";
    if (syntheticSize < 1) {
      throw new IllegalArgumentException(p + "syntheticSize is " + syntheticSize + ", expected at least 1");
    }
    if (outerSteps < 1) {
      throw new IllegalArgumentException(p + "outerSteps is " + outerSteps + ", expected at least 1");
    }
    if (outerBatchSize < 1) {
      throw new IllegalArgumentException(p + "outerBatchSize is " + outerBatchSize + ", expected at least 1");
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException(p + "poolSize is " + poolSize + ", expected at least 1");
    }
    if (poolSpec.loss() != Loss.MEAN_SQUARED_ERROR) {
      throw new IllegalArgumentException(p + "poolSpec is " + poolSpec + ", expected a regression spec (loss=mse)"
          + " whose outputs are the r target dimensions");
    }
    if (!(outerLearningRate > 0) || Double.isInfinite(outerLearningRate)) {
      throw new IllegalArgumentException(p + "outerLearningRate is " + outerLearningRate
          + ", expected a finite number > 0");
    }
    if (!(outerWeightDecay >= 0) || Double.isInfinite(outerWeightDecay)) {
      throw new IllegalArgumentException(p + "outerWeightDecay is " + outerWeightDecay
          + ", expected a finite number >= 0");
    }
    if (!(finalLearningRateFactor >= 0 && finalLearningRateFactor <= 1)) {
      throw new IllegalArgumentException(p + "finalLearningRateFactor is " + finalLearningRateFactor
          + ", expected a factor in [0, 1]");
    }
    if (poolResetPeriod < 1) {
      throw new IllegalArgumentException(p + "poolResetPeriod is " + poolResetPeriod + ", expected at least 1");
    }
    if (poolInitStepsMin < 0 || poolInitStepsMax < poolInitStepsMin) {
      throw new IllegalArgumentException(p + "pool initial steps are [" + poolInitStepsMin + ", " + poolInitStepsMax
          + "], expected 0 <= min <= max");
    }
    if (!(ridgeFactor > 0) || Double.isInfinite(ridgeFactor)) {
      throw new IllegalArgumentException(p + "ridgeFactor is " + ridgeFactor + ", expected a finite number > 0");
    }
    if (!(outerGradientClip >= 0) || Double.isInfinite(outerGradientClip)) {
      throw new IllegalArgumentException(p + "outerGradientClip is " + outerGradientClip
          + ", expected a finite number >= 0 (0 = no clipping)");
    }
    if (augmentation.pixels() != poolSpec.inputSize()) {
      throw new IllegalArgumentException(p + "the augmentation works on " + augmentation.height() + " x "
          + augmentation.width() + " images but poolSpec " + poolSpec + " takes " + poolSpec.inputSize()
          + " inputs");
    }
  }

  /** The reference values (see the class comment). */
  public KrrStOptions() {
    this(1000, 160_000, 1024, 10, ModelSpec.parse(DEFAULT_POOL_SPEC), 1e-4, 0, 1e-3,
        new SgdOptions(0.1f, 0.9f, 1e-3f, false), 1000, 1, 999, 1e-6, ImageAugmentation.distillationDefault(),
        false, 0);
  }

  public KrrStOptions withSyntheticSize(int value) {
    return new KrrStOptions(value, outerSteps, outerBatchSize, poolSize, poolSpec, outerLearningRate,
        outerWeightDecay, finalLearningRateFactor, poolOptimizer, poolResetPeriod, poolInitStepsMin,
        poolInitStepsMax, ridgeFactor, augmentation, classBalancedInit, outerGradientClip);
  }

  public KrrStOptions withOuterSteps(long value) {
    return new KrrStOptions(syntheticSize, value, outerBatchSize, poolSize, poolSpec, outerLearningRate,
        outerWeightDecay, finalLearningRateFactor, poolOptimizer, poolResetPeriod, poolInitStepsMin,
        poolInitStepsMax, ridgeFactor, augmentation, classBalancedInit, outerGradientClip);
  }

  public KrrStOptions withOuterBatchSize(int value) {
    return new KrrStOptions(syntheticSize, outerSteps, value, poolSize, poolSpec, outerLearningRate,
        outerWeightDecay, finalLearningRateFactor, poolOptimizer, poolResetPeriod, poolInitStepsMin,
        poolInitStepsMax, ridgeFactor, augmentation, classBalancedInit, outerGradientClip);
  }

  /** This with another pool: M models of the given spec. */
  public KrrStOptions withPool(int size, ModelSpec spec) {
    return new KrrStOptions(syntheticSize, outerSteps, outerBatchSize, size, spec, outerLearningRate,
        outerWeightDecay, finalLearningRateFactor, poolOptimizer, poolResetPeriod, poolInitStepsMin,
        poolInitStepsMax, ridgeFactor, augmentation, classBalancedInit, outerGradientClip);
  }

  /**
   * This with another pool and real-batch augmentation, for another image size (the two must
   * agree, so they change together).
   */
  public KrrStOptions withPool(int size, ModelSpec spec, ImageAugmentation realAugmentation) {
    return new KrrStOptions(syntheticSize, outerSteps, outerBatchSize, size, spec, outerLearningRate,
        outerWeightDecay, finalLearningRateFactor, poolOptimizer, poolResetPeriod, poolInitStepsMin,
        poolInitStepsMax, ridgeFactor, realAugmentation, classBalancedInit, outerGradientClip);
  }

  public KrrStOptions withOuterLearningRate(double value) {
    return new KrrStOptions(syntheticSize, outerSteps, outerBatchSize, poolSize, poolSpec, value,
        outerWeightDecay, finalLearningRateFactor, poolOptimizer, poolResetPeriod, poolInitStepsMin,
        poolInitStepsMax, ridgeFactor, augmentation, classBalancedInit, outerGradientClip);
  }

  /** This with another pool schedule: reset period and the range of initial steps. */
  public KrrStOptions withPoolSchedule(int resetPeriod, int initStepsMin, int initStepsMax) {
    return new KrrStOptions(syntheticSize, outerSteps, outerBatchSize, poolSize, poolSpec, outerLearningRate,
        outerWeightDecay, finalLearningRateFactor, poolOptimizer, resetPeriod, initStepsMin, initStepsMax,
        ridgeFactor, augmentation, classBalancedInit, outerGradientClip);
  }

  public KrrStOptions withAugmentation(ImageAugmentation value) {
    return new KrrStOptions(syntheticSize, outerSteps, outerBatchSize, poolSize, poolSpec, outerLearningRate,
        outerWeightDecay, finalLearningRateFactor, poolOptimizer, poolResetPeriod, poolInitStepsMin,
        poolInitStepsMax, ridgeFactor, value, classBalancedInit, outerGradientClip);
  }

  public KrrStOptions withClassBalancedInit(boolean value) {
    return new KrrStOptions(syntheticSize, outerSteps, outerBatchSize, poolSize, poolSpec, outerLearningRate,
        outerWeightDecay, finalLearningRateFactor, poolOptimizer, poolResetPeriod, poolInitStepsMin,
        poolInitStepsMax, ridgeFactor, augmentation, value, outerGradientClip);
  }

  /** This with the outer gradient-norm clip c (0 = off, the reference's default). */
  public KrrStOptions withOuterGradientClip(double value) {
    return new KrrStOptions(syntheticSize, outerSteps, outerBatchSize, poolSize, poolSpec, outerLearningRate,
        outerWeightDecay, finalLearningRateFactor, poolOptimizer, poolResetPeriod, poolInitStepsMin,
        poolInitStepsMax, ridgeFactor, augmentation, classBalancedInit, value);
  }
}
