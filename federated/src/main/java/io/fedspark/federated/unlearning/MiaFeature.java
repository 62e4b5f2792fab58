package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;

/**
 * The per-example feature a membership-inference attacker sees, computed from the model's
 * softmax output p and the true label y (Song and Mittal, "Systematic Evaluation of Privacy Risks
 * of Machine Learning Models", USENIX Security 2021). Members (training examples) tend to have high
 * confidence and low (modified) entropy.
 */
public enum MiaFeature implements Choice {
  /** {@code p_y}, the confidence in the true label (the default of Fan et al., ECCV 2024). */
  CONFIDENCE,
  /** {@code -sum_c p_c log p_c}, the prediction entropy (label-blind). */
  ENTROPY,
  /**
   * Song and Mittal's modified entropy {@code -(1 - p_y) log p_y - sum_{c != y} p_c log(1 - p_c)},
   * which, unlike the entropy, is monotone in the correctness of the prediction. Logarithms of 0
   * are taken as log(1e-30), as in the reference code.
   */
  MODIFIED_ENTROPY;

  /** The feature of one example from its softmax probabilities {@code p[offset .. offset + k)}. */
  double of(double[] p, int offset, int k, int label) {
    switch (this) {
      case CONFIDENCE:
        return p[offset + label];
      case ENTROPY: {
        double h = 0;
        for (int c = 0; c < k; c++) {
          double q = p[offset + c];
          h -= q > 0 ? q * Math.log(q) : 0;
        }
        return h;
      }
      case MODIFIED_ENTROPY: {
        double py = p[offset + label];
        double h = -(1 - py) * safeLog(py);
        for (int c = 0; c < k; c++) {
          if (c != label) {
            double q = p[offset + c];
            h -= q * safeLog(1 - q);
          }
        }
        return h;
      }
      default:
        throw new AssertionError(this);
    }
  }

  private static double safeLog(double x) {
    return Math.log(x > 0 ? x : 1e-30);
  }
}
