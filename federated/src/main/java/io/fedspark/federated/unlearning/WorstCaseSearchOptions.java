package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link WorstCaseForgetSetSearch}, keys under {@value #PREFIX}. The no-argument
 * constructor gives the reference defaults of Fan et al., "Challenging Forgets" (ECCV 2024):
 * worst case, fine-tuning lower level, lr_theta 0.01, lr_w 0.01, 10 selection epochs of 10
 * unlearning epochs each, gamma 0 (their class-wise runs use 1e-4), binarise every 20 epochs
 * (so only at the end with 10 epochs), batch 256, projection tolerance 1e-5 in at most 100
 * bisection steps.
 *
 * @param mode worst or easiest ({@value #MODE})
 * @param lowerLevel where each lower level starts ({@value #LOWER_LEVEL})
 * @param thetaLearningRate lr_theta of the lower level's SignSGD, finite and > 0 ({@value #LR_THETA})
 * @param weightLearningRate lr_w of the upper level, finite and > 0 ({@value #LR_W})
 * @param selectEpochs upper-level iterations, >= 1 ({@value #SELECT_EPOCHS})
 * @param unlearnSteps lower-level epochs over the training set per selection epoch, >= 1
 *     ({@value #UNLEARN_STEPS})
 * @param gamma the weight of {@code ||w||^2}, finite and >= 0 ({@value #GAMMA})
 * @param binarizeEvery replace w by its top-m indicator every this many selection epochs (and
 *     after the last), >= 1 ({@value #BINARIZE_EVERY})
 * @param batchSize lower-level minibatch size, >= 1 ({@value #BATCH_SIZE})
 * @param projectionTolerance tolerance on {@code |sum w - m|}, finite and > 0
 *     ({@value #PROJECTION_TOLERANCE})
 * @param projectionIterations bisection steps at most, >= 1 ({@value #PROJECTION_ITERATIONS})
 */
public record WorstCaseSearchOptions(
    SearchMode mode,
    LowerLevelStart lowerLevel,
    float thetaLearningRate,
    double weightLearningRate,
    int selectEpochs,
    int unlearnSteps,
    double gamma,
    int binarizeEvery,
    int batchSize,
    double projectionTolerance,
    int projectionIterations) implements Serializable {

  /** {@code unlearn.search.lower-level}. */
  public static final Setting<LowerLevelStart> LOWER_LEVEL =
      Setting.choice("unlearn.search.lower-level", LowerLevelStart.class, LowerLevelStart.FINE_TUNE);
  /** {@code unlearn.search.lr-theta}. */
  public static final Setting<Double> LR_THETA = Setting.number("unlearn.search.lr-theta", 0.01, Bounds.above(0));
  /** {@code unlearn.search.lr-w}: the paper's 0.01. */
  public static final Setting<Double> LR_W = Setting.number("unlearn.search.lr-w", 0.01, Bounds.above(0));
  /** {@code unlearn.search.select-epochs}. */
  public static final Setting<Integer> SELECT_EPOCHS = Setting.integer("unlearn.search.select-epochs", 10, 1);
  /** {@code unlearn.search.unlearn-steps}. */
  public static final Setting<Integer> UNLEARN_STEPS = Setting.integer("unlearn.search.unlearn-steps", 10, 1);
  /** {@code unlearn.search.gamma}. */
  public static final Setting<Double> GAMMA = Setting.number("unlearn.search.gamma", 0.0, Bounds.atLeast(0));
  /** {@code unlearn.search.binarize-every}. */
  public static final Setting<Integer> BINARIZE_EVERY = Setting.integer("unlearn.search.binarize-every", 20, 1);
  /** {@code unlearn.search.batch-size}. */
  public static final Setting<Integer> BATCH_SIZE = Setting.integer("unlearn.search.batch-size", 256, 1);
  /** {@code unlearn.search.projection-tolerance}. */
  public static final Setting<Double> PROJECTION_TOLERANCE = Setting.number("unlearn.search.projection-tolerance",
      CappedSimplexProjection.DEFAULT_TOLERANCE, Bounds.above(0));
  /** {@code unlearn.search.projection-iterations}. */
  public static final Setting<Integer> PROJECTION_ITERATIONS = Setting.integer("unlearn.search.projection-iterations",
      CappedSimplexProjection.DEFAULT_MAX_ITERATIONS, 1);

  public WorstCaseSearchOptions {
    if (mode == null) {
      throw new IllegalArgumentException("the search mode is missing, expected worst or easiest");
    }
    LOWER_LEVEL.check(lowerLevel);
    LR_THETA.check((double) thetaLearningRate);
    LR_W.check(weightLearningRate);
    SELECT_EPOCHS.check(selectEpochs);
    UNLEARN_STEPS.check(unlearnSteps);
    GAMMA.check(gamma);
    BINARIZE_EVERY.check(binarizeEvery);
    BATCH_SIZE.check(batchSize);
    PROJECTION_TOLERANCE.check(projectionTolerance);
    PROJECTION_ITERATIONS.check(projectionIterations);
  }

  /** The defaults of every key, mode WORST. */
  public WorstCaseSearchOptions() {
    this(SearchMode.WORST, ConfigView.defaults());
  }

  /** The keys under {@code unlearn.search} in {@code c} with the given mode (the mode follows the forget kind). */
  public WorstCaseSearchOptions(SearchMode mode, ConfigView c) {
    this(mode, c.get(LOWER_LEVEL), c.get(LR_THETA).floatValue(), c.get(LR_W), c.get(SELECT_EPOCHS),
        c.get(UNLEARN_STEPS), c.get(GAMMA), c.get(BINARIZE_EVERY), c.get(BATCH_SIZE), c.get(PROJECTION_TOLERANCE),
        c.get(PROJECTION_ITERATIONS));
  }

  public WorstCaseSearchOptions withMode(SearchMode value) {
    return new WorstCaseSearchOptions(value, lowerLevel, thetaLearningRate, weightLearningRate, selectEpochs,
        unlearnSteps, gamma, binarizeEvery, batchSize, projectionTolerance, projectionIterations);
  }

  public WorstCaseSearchOptions withLowerLevel(LowerLevelStart value) {
    return new WorstCaseSearchOptions(mode, Objects.requireNonNull(value, LOWER_LEVEL.key()), thetaLearningRate,
        weightLearningRate, selectEpochs, unlearnSteps, gamma, binarizeEvery, batchSize, projectionTolerance,
        projectionIterations);
  }

  public WorstCaseSearchOptions withLearningRates(float lrTheta, double lrW) {
    return new WorstCaseSearchOptions(mode, lowerLevel, lrTheta, lrW, selectEpochs, unlearnSteps, gamma,
        binarizeEvery, batchSize, projectionTolerance, projectionIterations);
  }

  public WorstCaseSearchOptions withEpochs(int select, int unlearn) {
    return new WorstCaseSearchOptions(mode, lowerLevel, thetaLearningRate, weightLearningRate, select, unlearn, gamma,
        binarizeEvery, batchSize, projectionTolerance, projectionIterations);
  }

  public WorstCaseSearchOptions withGamma(double value) {
    return new WorstCaseSearchOptions(mode, lowerLevel, thetaLearningRate, weightLearningRate, selectEpochs,
        unlearnSteps, value, binarizeEvery, batchSize, projectionTolerance, projectionIterations);
  }

  public WorstCaseSearchOptions withBinarizeEvery(int value) {
    return new WorstCaseSearchOptions(mode, lowerLevel, thetaLearningRate, weightLearningRate, selectEpochs,
        unlearnSteps, gamma, value, batchSize, projectionTolerance, projectionIterations);
  }

  public WorstCaseSearchOptions withBatchSize(int value) {
    return new WorstCaseSearchOptions(mode, lowerLevel, thetaLearningRate, weightLearningRate, selectEpochs,
        unlearnSteps, gamma, binarizeEvery, value, projectionTolerance, projectionIterations);
  }

  /** The projection these settings describe. */
  public CappedSimplexProjection projection() {
    return new CappedSimplexProjection(projectionTolerance, projectionIterations);
  }
}
