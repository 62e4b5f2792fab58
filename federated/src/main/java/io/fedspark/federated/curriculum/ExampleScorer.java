package io.fedspark.federated.curriculum;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import java.util.Arrays;
import java.util.Objects;

/**
 * Per-example curriculum scores of a client's data (Vahidian et al., "When Do Curricula Work in
 * Federated Learning?", ICCV 2023):
 * {@code score_i = sum_m s(f_{w_m}(x_i), y_i)} over the scoring model's parameter vectors
 * {@code w_m} (one, or global and local for {@link ScoringModel#LOCAL_PLUS_GLOBAL}), where
 * {@code s} is the cross-entropy loss without reduction ({@link ScoreKind#LOSS}) or
 * {@code [argmax f_w(x_i) != y_i]} ({@link ScoreKind#PREDICTION}).
 *
 * <p>Forward passes only ({@link Model#loss}, {@link Model#predict}), over chunks of
 * {@value #CHUNK_ROWS} rows so memory stays bounded for large clients. The scores are a pure
 * function of the data and the parameters. Instances hold no mutable state (each call builds its
 * own model) and may be shared between threads.
 */
public final class ExampleScorer {
  /** Rows scored per forward call. */
  static final int CHUNK_ROWS = 4096;

  private final ModelSpec spec;
  private final ScoreKind kind;

  public ExampleScorer(ModelSpec spec, ScoreKind kind) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public ModelSpec spec() {
    return spec;
  }

  public ScoreKind kind() {
    return kind;
  }

  /**
   * The score of every example of {@code shard}, in shard order: the sum of its scores under each
   * of {@code parameterSets} (added in the given order).
   *
   * @throws IllegalArgumentException if the shard is empty, its feature count is not the model's
   *     input size, no parameter vector is given or one has the wrong length
   */
  public float[] score(ClientShard shard, float[]... parameterSets) {
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(parameterSets, "parameterSets");
    int n = shard.size();
    int d = shard.featureCount();
    String who = "scoring client " + shard.clientId();
    if (n == 0) {
      throw new IllegalArgumentException(who + ": the client has no examples to score");
    }
    if (d != spec.inputSize()) {
      throw new IllegalArgumentException(who + ": its examples have " + d + " features but model " + spec
          + " expects " + spec.inputSize());
    }
    if (parameterSets.length == 0) {
      throw new IllegalArgumentException(who + ": no parameter vector to score with");
    }
    for (int m = 0; m < parameterSets.length; m++) {
      float[] p = Objects.requireNonNull(parameterSets[m], "parameterSets[" + m + "]");
      if (p.length != spec.parameterCount()) {
        throw new IllegalArgumentException(who + ": parameter vector " + m + " has " + p.length
            + " floats but model " + spec + " has " + spec.parameterCount() + " parameters");
      }
    }
    float[] scores = new float[n];
    float[] features = shard.features();
    int[] labels = shard.labels();
    Model model = null;
    for (float[] parameters : parameterSets) {
      if (model == null) {
        model = Model.fromParameters(spec, parameters);
      } else {
        model.setParameters(parameters);
      }
      for (int start = 0; start < n; start += CHUNK_ROWS) {
        int rows = Math.min(CHUNK_ROWS, n - start);
        FloatMatrix x = FloatMatrix.wrap(features, start * d, rows, d);
        int[] y = Arrays.copyOfRange(labels, start, start + rows);
        if (kind == ScoreKind.LOSS) {
          float[] losses = model.loss(x, y, null).exampleLosses();
          for (int i = 0; i < rows; i++) {
            scores[start + i] += losses[i];
          }
        } else {
          int[] predicted = model.predict(x);
          for (int i = 0; i < rows; i++) {
            scores[start + i] += predicted[i] != y[i] ? 1f : 0f;
          }
        }
      }
    }
    return scores;
  }

  /**
   * The client-level score {@code c_k}: the mean of {@link #score} over the shard's examples
   * (the mean loss, or the error rate for PREDICTION).
   */
  public double meanScore(ClientShard shard, float[]... parameterSets) {
    return mean(score(shard, parameterSets));
  }

  /** The mean of {@code scores}, summed in double in index order; NaN if empty. */
  public static double mean(float[] scores) {
    if (scores.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (float s : scores) {
      sum += s;
    }
    return sum / scores.length;
  }
}
