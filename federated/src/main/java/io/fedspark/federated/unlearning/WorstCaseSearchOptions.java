package io.fedspark.federated.unlearning;

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

  public static final String PREFIX = "unlearn.search.";
  public static final String MODE = "unlearn.search.mode";
  public static final String LOWER_LEVEL = "unlearn.search.lower-level";
  public static final String LR_THETA = "unlearn.search.lr-theta";
  public static final String LR_W = "unlearn.search.lr-w";
  public static final String SELECT_EPOCHS = "unlearn.search.select-epochs";
  public static final String UNLEARN_STEPS = "unlearn.search.unlearn-steps";
  public static final String GAMMA = "unlearn.search.gamma";
  public static final String BINARIZE_EVERY = "unlearn.search.binarize-every";
  public static final String BATCH_SIZE = "unlearn.search.batch-size";
  public static final String PROJECTION_TOLERANCE = "unlearn.search.projection-tolerance";
  public static final String PROJECTION_ITERATIONS = "unlearn.search.projection-iterations";

  public WorstCaseSearchOptions {
    if (mode == null) {
      throw new IllegalArgumentException(MODE + " is missing, expected worst or easiest");
    }
    if (lowerLevel == null) {
      throw new IllegalArgumentException(LOWER_LEVEL + " is missing, expected fine-tune or retrain");
    }
    TrainingOptions.check(thetaLearningRate > 0f && !Float.isInfinite(thetaLearningRate), LR_THETA,
        thetaLearningRate, "a finite number > 0");
    TrainingOptions.check(weightLearningRate > 0 && !Double.isInfinite(weightLearningRate), LR_W, weightLearningRate,
        "a finite number > 0");
    TrainingOptions.check(selectEpochs >= 1, SELECT_EPOCHS, selectEpochs, "an integer >= 1");
    TrainingOptions.check(unlearnSteps >= 1, UNLEARN_STEPS, unlearnSteps, "an integer >= 1");
    TrainingOptions.check(gamma >= 0 && !Double.isInfinite(gamma), GAMMA, gamma, "a finite number >= 0");
    TrainingOptions.check(binarizeEvery >= 1, BINARIZE_EVERY, binarizeEvery, "an integer >= 1");
    TrainingOptions.check(batchSize >= 1, BATCH_SIZE, batchSize, "an integer >= 1");
    TrainingOptions.check(projectionTolerance > 0 && !Double.isInfinite(projectionTolerance), PROJECTION_TOLERANCE,
        projectionTolerance, "a finite number > 0");
    TrainingOptions.check(projectionIterations >= 1, PROJECTION_ITERATIONS, projectionIterations, "an integer >= 1");
  }

  /** The reference defaults (see the type's comment). */
  public WorstCaseSearchOptions() {
    this(SearchMode.WORST, LowerLevelStart.FINE_TUNE, 0.01f, 0.01, 10, 10, 0, 20, 256,
        CappedSimplexProjection.DEFAULT_TOLERANCE, CappedSimplexProjection.DEFAULT_MAX_ITERATIONS);
  }

  public WorstCaseSearchOptions withMode(SearchMode value) {
    return new WorstCaseSearchOptions(value, lowerLevel, thetaLearningRate, weightLearningRate, selectEpochs,
        unlearnSteps, gamma, binarizeEvery, batchSize, projectionTolerance, projectionIterations);
  }

  public WorstCaseSearchOptions withLowerLevel(LowerLevelStart value) {
    return new WorstCaseSearchOptions(mode, Objects.requireNonNull(value, LOWER_LEVEL), thetaLearningRate,
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
