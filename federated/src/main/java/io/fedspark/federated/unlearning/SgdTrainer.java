package io.fedspark.federated.unlearning;

import io.fedspark.math.random.Permutations;
import io.fedspark.federated.curriculum.Ordering;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.BatchResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Optimizer;
import io.fedspark.math.optim.Sgd;
import io.fedspark.math.random.SeedSequence;
import java.util.BitSet;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Minibatch training of a model on a {@link LabeledDataset}, in memory and deterministic: the
 * original model of an unlearning experiment, Retrain, the fine-tuning style unlearning methods
 * and the lower level of {@link WorstCaseForgetSetSearch} all run this one loop.
 *
 * <p>Epoch e visits the examples in the order of a Fisher-Yates shuffle drawn from
 * {@code seed.derive("shuffle", e)}, in minibatches of the batch size (the last one smaller);
 * dropout masks come from {@code seed.derive("dropout")}; a model trained from scratch starts from
 * {@code Model.create(spec, seed.derive("init").seed())}. Same inputs and seed give bit-identical
 * parameters on the same math backend.
 *
 * <p>One step on minibatch B with example weights v (all 1 unless given):
 * <pre>
 *   g = grad of L_B,  L_B = sum_B v_i l_i / sum_B v_i  (MEAN)   or   sum_B v_i l_i  (SUM)
 *   g = -g                                   (gradient ascent)
 *   g = hook(theta, g, epoch)                (e.g. the l1 subgradient alpha_e sign(theta))
 *   g = g + weightDecay * theta
 *   g_j = 0 for every frozen j               (the frozen layers of EU-k and CF-k, SalUn's non-salient weights)
 *   theta = optimizer.step(theta, g)         (SGD with momentum, or SignSGD)
 * </pre>
 * An {@link EpochHook} may replace the labels at the start of each epoch (RL's per-epoch random
 * labels) and sees the parameters at the end of each. A SUM minibatch whose weights are all 0
 * has a zero gradient and is skipped. Weight decay is
 * applied here rather than inside {@link Sgd} so that it does not shrink frozen parameters; for
 * trainable ones it is the same update as {@code torch.optim.SGD(weight_decay=...)}.
 */
public final class SgdTrainer {
  private SgdTrainer() {}

  /** A change of the gradient after the loss gradient and before weight decay and masking. */
  @FunctionalInterface
  interface GradientHook {
    void adjust(float[] params, float[] grad, int epoch);
  }

  /**
   * Per-epoch changes of the labels trained on, and a look at the parameters after each epoch.
   * Both default to nothing: {@link #NONE}.
   */
  interface EpochHook {
    /** No relabelling, no look. */
    EpochHook NONE = new EpochHook() { };

    /**
     * The labels to train on in {@code epoch}, indexed like the data: {@code dataLabels} (not to be
     * modified) unless overridden. Called once at the start of each epoch.
     */
    default int[] labels(int epoch, int[] dataLabels) {
      return dataLabels;
    }

    /** Called after the last step of {@code epoch} with the parameters (not to be modified). */
    default void afterEpoch(int epoch, float[] params) {
    }
  }

  /** How the minibatch loss is reduced over the batch. */
  enum Reduction {
    /** The (weighted) mean, as in ordinary training. */
    MEAN,
    /** The weighted sum, as in the worst-case search's lower level. */
    SUM
  }

  /**
   * What is minimised, besides the data: the sign of the loss, the reduction, extra gradient
   * terms, weight decay and which parameters train.
   *
   * @param ascent maximise the loss (gradient ascent)
   * @param reduction mean or sum over the minibatch
   * @param hook extra gradient terms, or null
   * @param weightDecay L2 coefficient added to the gradient
   * @param frozen the indices of parameters that do not train, or null if all train
   */
  record Objective(boolean ascent, Reduction reduction, GradientHook hook, float weightDecay, BitSet frozen) {
    static Objective descent(TrainingOptions options) {
      return new Objective(false, Reduction.MEAN, null, options.weightDecay(), null);
    }

    /**
     * Turns the gradient of the weighted mean loss in {@code grad} into the step's gradient, in
     * place: the sign and reduction ({@code batchWeightSum} = sum_B v_i), the hook, weight decay
     * and the frozen zeros, in the order of the type's comment.
     */
    void stepGradient(float[] params, float[] grad, double batchWeightSum, int epoch) {
      float scale = (ascent ? -1f : 1f) * (reduction == Reduction.SUM ? (float) batchWeightSum : 1f);
      if (scale != 1f) {
        for (int j = 0; j < grad.length; j++) {
          grad[j] *= scale;
        }
      }
      if (hook != null) {
        hook.adjust(params, grad, epoch);
      }
      if (weightDecay != 0f) {
        for (int j = 0; j < grad.length; j++) {
          grad[j] += weightDecay * params[j];
        }
      }
      if (frozen != null) {
        for (int j = frozen.nextSetBit(0); j >= 0; j = frozen.nextSetBit(j + 1)) {
          grad[j] = 0f;
        }
      }
    }
  }

  /**
   * One minibatch's rows, copied from the data in the epoch's order into buffers reused from batch
   * to batch (the last, smaller batch gets labels and weights of its own size).
   */
  private static final class Minibatch {
    private final float[] dataFeatures;
    private final float[] exampleWeights;
    private final int d;
    private final float[] x;
    private final int[] fullY;
    private final float[] fullW;
    private int[] y;
    private float[] w;
    private int size;

    Minibatch(LabeledDataset data, float[] exampleWeights, int batchSize) {
      this.dataFeatures = data.features();
      this.exampleWeights = exampleWeights;
      this.d = data.featureCount();
      int rows = Math.min(batchSize, data.size());
      this.x = new float[rows * d];
      this.fullY = new int[rows];
      this.fullW = new float[rows];
    }

    /** Copies examples {@code order[from .. from + b)} and their labels; returns the sum of their weights. */
    double fill(int[] order, int from, int b, int[] labels) {
      size = b;
      y = b == fullY.length ? fullY : new int[b];
      w = b == fullW.length ? fullW : new float[b];
      double weightSum = 0;
      for (int r = 0; r < b; r++) {
        int i = order[from + r];
        System.arraycopy(dataFeatures, i * d, x, r * d, d);
        y[r] = labels[i];
        w[r] = exampleWeights == null ? 1f : exampleWeights[i];
        weightSum += w[r];
      }
      return weightSum;
    }

    FloatMatrix features() {
      return FloatMatrix.wrap(x, 0, size, d);
    }

    int[] labels() {
      return y;
    }

    /** The example weights, or null when all are 1. */
    float[] weights() {
      return exampleWeights == null ? null : w;
    }
  }

  /**
   * Trains a freshly initialised model ({@code Model.create(spec, seed.derive("init").seed())}) on
   * {@code data}: the original model of an experiment, or Retrain.
   *
   * @return the trained parameters
   */
  public static float[] trainFromScratch(ModelSpec spec, LabeledDataset data, TrainingOptions options,
      SeedSequence seed) {
    Objects.requireNonNull(seed, "seed");
    float[] init = Model.create(Objects.requireNonNull(spec, "spec"), seed.derive("init").seed()).parameters();
    return train(spec, init, data, options, seed);
  }

  /**
   * Trains from {@code start} (not modified) on {@code data} with SGD.
   *
   * @return the trained parameters
   */
  public static float[] train(ModelSpec spec, float[] start, LabeledDataset data, TrainingOptions options,
      SeedSequence seed) {
    return train(spec, start, data, options, seed, Objective.descent(Objects.requireNonNull(options, "options")));
  }

  static float[] train(ModelSpec spec, float[] start, LabeledDataset data, TrainingOptions options,
      SeedSequence seed, Objective objective) {
    return train(spec, start, data, options, seed, objective, EpochHook.NONE);
  }

  static float[] train(ModelSpec spec, float[] start, LabeledDataset data, TrainingOptions options,
      SeedSequence seed, Objective objective, EpochHook epochs) {
    Objects.requireNonNull(options, "options");
    checkData(spec, data, options.keyPrefix());
    int stepsPerEpoch = (data.size() + options.batchSize() - 1) / options.batchSize();
    Optimizer sgd = new Sgd(options.sgdOptionsWithoutDecay(), options.schedule(stepsPerEpoch));
    return run(spec, start, data, null, options.epochs(), options.batchSize(), sgd, objective, epochs, seed,
        options.keyPrefix());
  }

  /**
   * The training loop (see the type's comment).
   *
   * @param exampleWeights per-example weights v_i >= 0 indexed like {@code data}, or null for 1
   * @param epochs relabelling and a look after each epoch ({@link EpochHook#NONE}: neither)
   * @param what the configuration prefix of the run, for error messages
   * @return the trained parameters (a new array)
   */
  static float[] run(ModelSpec spec, float[] start, LabeledDataset data, float[] exampleWeights, int epochCount,
      int batchSize, Optimizer optimizer, Objective objective, EpochHook epochs, SeedSequence seed, String what) {
    Objects.requireNonNull(seed, "seed");
    Objects.requireNonNull(epochs, "epochs");
    checkData(spec, data, what);
    checkStart(spec, start, data, exampleWeights, what);
    Model model = Model.fromParameters(spec, start);
    model.setTrainingSeed(seed.derive("dropout").seed());
    float[] params = model.parameters();
    float[] grad = new float[params.length];
    Minibatch batch = new Minibatch(data, exampleWeights, batchSize);
    int n = data.size();
    int[] order = IntStream.range(0, n).toArray();
    for (int epoch = 0; epoch < epochCount; epoch++) {
      int[] labels = epochLabels(epochs, epoch, data, what);
      Permutations.shuffle(order, seed.derive("shuffle", epoch).random());
      for (int startRow = 0; startRow < n; startRow += batchSize) {
        if (batch.fill(order, startRow, Math.min(batchSize, n - startRow), labels) == 0) {
          continue; // every example weighs 0: the SUM loss and its gradient are 0
        }
        BatchResult result = model.lossAndGradient(batch.features(), batch.labels(), batch.weights(), grad);
        checkLoss(result, epoch, optimizer, what);
        objective.stepGradient(params, grad, result.weightSum(), epoch);
        optimizer.step(params, grad);
      }
      epochs.afterEpoch(epoch, params);
    }
    checkFinite(params, epochCount, what);
    return params.clone();
  }

  private static void checkStart(ModelSpec spec, float[] start, LabeledDataset data, float[] exampleWeights,
      String what) {
    Objects.requireNonNull(start, "start");
    if (start.length != spec.parameterCount()) {
      throw new IllegalArgumentException(what + ": the starting parameters have " + start.length
          + " floats but model " + spec + " has " + spec.parameterCount());
    }
    if (exampleWeights != null && exampleWeights.length != data.size()) {
      throw new IllegalArgumentException(what + ": " + exampleWeights.length + " example weights for "
          + data.size() + " examples of " + data.name());
    }
  }

  /** The labels of {@code epoch} from the hook, checked to be one per example. */
  private static int[] epochLabels(EpochHook epochs, int epoch, LabeledDataset data, String what) {
    int[] labels = epochs.labels(epoch, data.labels());
    if (labels.length != data.size()) {
      throw new IllegalStateException(what + ": " + labels.length + " labels in epoch " + epoch + " for "
          + data.size() + " examples of " + data.name());
    }
    return labels;
  }

  private static void checkLoss(BatchResult result, int epoch, Optimizer optimizer, String what) {
    if (!Double.isFinite(result.loss())) {
      throw new ArithmeticException(what + ": training diverged: the minibatch loss is " + result.loss()
          + " in epoch " + epoch + " (learning rate " + optimizer.learningRate() + "); lower " + what
          + ".learning-rate");
    }
  }

  private static void checkFinite(float[] params, int epochCount, String what) {
    for (int j = 0; j < params.length; j++) {
      if (!Float.isFinite(params[j])) {
        throw new ArithmeticException(what + ": training diverged: parameter " + j + " is " + params[j]
            + " after " + epochCount + " epochs; lower " + what + ".learning-rate");
      }
    }
  }

  /** Checks that {@code data} is non-empty and fits {@code spec}. */
  static void checkData(ModelSpec spec, LabeledDataset data, String what) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(data, "data");
    if (data.size() == 0) {
      throw new IllegalArgumentException(what + ": dataset " + data.name() + " has no examples to train on");
    }
    if (data.featureCount() != spec.inputSize()) {
      throw new IllegalArgumentException(what + ": dataset " + data.name() + " has " + data.featureCount()
          + " features per example but model " + spec + " expects " + spec.inputSize());
    }
    if (data.numClasses() > spec.outputSize()) {
      throw new IllegalArgumentException(what + ": dataset " + data.name() + " has " + data.numClasses()
          + " classes but model " + spec + " has only " + spec.outputSize() + " outputs");
    }
  }
}
