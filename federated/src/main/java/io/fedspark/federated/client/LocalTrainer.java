package io.fedspark.federated.client;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.BatchResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Sgd;

/**
 * The inner loop shared by both local training regimes of {@link FederatedClient}: minibatch SGD
 * over a given sequence of example indices, from the global parameters, with the FedProx
 * gradient term. One trainer per client and round (its optimizer's schedule and momentum start
 * fresh, as the reference restarts them every round); not thread-safe.
 *
 * <p>Each step: {@code g = grad L_B(w) + mu (w - w_global)} on the minibatch B, then the SGD
 * update {@code v = m v + g + wd w; w -= lr_t v} with {@code lr_t = lr0 f(t)} ({@link Sgd}).
 */
final class LocalTrainer {
  private final int clientId;
  private final float[] features;
  private final int[] labels;
  private final float[] weights;
  private final int featureCount;
  private final int batchSize;
  private final Model model;
  private final float[] parameters;
  private final float[] global;
  private final float[] gradient;
  private final float proximalMu;
  private final Sgd sgd;
  private final float[] batchFeatures;
  private final int[] batchLabels;
  private long steps;
  private double lossSum;
  private long examplesSeen;

  LocalTrainer(ClientShard shard, ModelSpec spec, float[] globalParams, LocalTrainingOptions opts) {
    this.clientId = shard.clientId();
    this.features = shard.features();
    this.labels = shard.labels();
    this.weights = shard.weights();
    this.featureCount = shard.featureCount();
    this.batchSize = opts.batchSize();
    this.model = Model.fromParameters(spec, globalParams);
    this.parameters = model.parameters();
    this.global = globalParams;
    this.gradient = new float[parameters.length];
    this.proximalMu = opts.proximalMu();
    this.sgd = new Sgd(opts.sgdOptions(), opts.learningRateSchedule());
    int rows = Math.min(batchSize, shard.size());
    this.batchFeatures = new float[rows * featureCount];
    this.batchLabels = new int[rows];
  }

  /**
   * One pass over {@code indices[0 .. count)} in that order, in minibatches of the batch size
   * (the last one possibly smaller): one optimizer step per minibatch, stopping early once
   * {@code stopAt} steps have been taken in all.
   *
   * @param totalSteps the planned number of steps, for error messages only
   * @param stopAt no step is taken once {@link #steps()} reaches this ({@code Long.MAX_VALUE}: the
   *     whole pass)
   * @throws ArithmeticException if a minibatch loss is NaN or infinite (the model diverged)
   */
  void pass(int[] indices, int count, long totalSteps, long stopAt) {
    for (int start = 0; start < count && steps < stopAt; start += batchSize) {
      int rows = Math.min(batchSize, count - start);
      step(indices, start, rows, totalSteps);
    }
  }

  private void step(int[] indices, int start, int rows, long totalSteps) {
    int[] y = rows == batchLabels.length ? batchLabels : new int[rows];
    for (int r = 0; r < rows; r++) {
      int example = indices[start + r];
      System.arraycopy(features, example * featureCount, batchFeatures, r * featureCount, featureCount);
      y[r] = labels[example];
    }
    float[] w = null;
    if (weights != null) {
      w = new float[rows];
      for (int r = 0; r < rows; r++) {
        w[r] = weights[indices[start + r]];
      }
    }
    FloatMatrix x = FloatMatrix.wrap(batchFeatures, 0, rows, featureCount);
    BatchResult result = model.lossAndGradient(x, y, w, gradient);
    double loss = result.loss();
    if (!Double.isFinite(loss)) {
      throw new ArithmeticException("client " + clientId + ": " + ClientUpdate.DIVERGED + ": the minibatch loss is " + loss
          + " at local step " + steps + " of " + totalSteps + " (learning rate " + sgd.learningRate()
          + "); lower " + LocalTrainingOptions.LEARNING_RATE + " or check the client's data for NaN/Inf features");
    }
    if (proximalMu != 0f) {
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] += proximalMu * (parameters[i] - global[i]);
      }
    }
    sgd.step(parameters, gradient);
    lossSum += loss * rows;
    examplesSeen += rows;
    steps++;
  }

  /** Optimizer steps taken. */
  long steps() {
    return steps;
  }

  /** Example-weighted mean of the minibatch losses (each computed before its step); NaN before any step. */
  double meanLoss() {
    return examplesSeen == 0 ? Double.NaN : lossSum / examplesSeen;
  }

  /** The live local parameters. */
  float[] parameters() {
    return parameters;
  }

  /**
   * Checks that every local parameter is finite.
   *
   * @throws ArithmeticException naming the first non-finite parameter
   */
  void checkFinite() {
    for (int i = 0; i < parameters.length; i++) {
      if (!Float.isFinite(parameters[i])) {
        throw new ArithmeticException("client " + clientId + ": " + ClientUpdate.DIVERGED + ": parameter " + i + " is "
            + parameters[i] + " after " + steps + " local steps; lower " + LocalTrainingOptions.LEARNING_RATE);
      }
    }
  }
}
