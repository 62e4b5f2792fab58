package io.fedspark.ml;

/**
 * A classifier's scores for one example, as Spark ML names them: the raw prediction (the network's
 * logits z), the probabilities {@code p_j = exp(z_j - m) / sum_k exp(z_k - m)} with {@code m =
 * max_k z_k} (softmax, computed in double so that every caller gets the same bits), the predicted
 * class (the first index of the largest logit, or with Spark ML's {@code thresholds} the first
 * index of the largest {@code p_j / t_j}) and the cross-entropy {@code -ln p_y = log sum_k
 * exp(z_k) - z_y} of a true class y.
 */
public final class ClassScores {
  private ClassScores() {}

  /** The logits {@code z[from .. from + k)} as doubles. */
  static double[] raw(float[] z, int from, int k) {
    double[] raw = new double[k];
    for (int j = 0; j < k; j++) {
      raw[j] = z[from + j];
    }
    return raw;
  }

  /** Softmax of {@code raw} into {@code out} (may be {@code raw} itself). */
  static double[] softmax(double[] raw, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : raw) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int j = 0; j < raw.length; j++) {
      out[j] = Math.exp(raw[j] - max);
      sum += out[j];
    }
    for (int j = 0; j < raw.length; j++) {
      out[j] /= sum;
    }
    return out;
  }

  /** The predicted class: the argmax of {@code raw}, or of {@code probability / thresholds} when thresholds are set. */
  static int predict(double[] raw, double[] probability, double[] thresholds) {
    if (thresholds == null) {
      return argmax(raw);
    }
    double[] scaled = new double[probability.length];
    for (int j = 0; j < scaled.length; j++) {
      scaled[j] = thresholds[j] == 0 ? Double.POSITIVE_INFINITY : probability[j] / thresholds[j];
    }
    return argmax(scaled);
  }

  /** The first index of the largest value. */
  static int argmax(double[] v) {
    int best = 0;
    for (int j = 1; j < v.length; j++) {
      if (v[j] > v[best]) {
        best = j;
      }
    }
    return best;
  }

  /** The cross-entropy {@code log sum_k exp(z_k) - z_y} of class {@code y}. */
  public static double crossEntropy(double[] raw, int y) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : raw) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (double v : raw) {
      sum += Math.exp(v - max);
    }
    return max + Math.log(sum) - raw[y];
  }
}
