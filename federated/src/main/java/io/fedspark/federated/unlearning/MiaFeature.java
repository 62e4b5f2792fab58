package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;

/**
 * What a membership-inference attacker sees of one example, computed from the model's softmax
 * output p (k classes) and the true label y: the five features of the reference attack
 * ({@code SVC_MIA.py} of Jia et al., NeurIPS 2023 and Fan et al., ECCV 2024, after Song and
 * Mittal, "Systematic Evaluation of Privacy Risks of Machine Learning Models", USENIX Security
 * 2021). Members (training examples) tend to be predicted correctly, with high confidence and low
 * (modified) entropy. All but {@link #PROBABILITIES} are one number per example.
 */
public enum MiaFeature implements Choice {
  /** {@code p_y}, the confidence in the true label (the MIA-efficacy the papers report). */
  CONFIDENCE,
  /** {@code -sum_c p_c log p_c}, the prediction entropy (label-blind; terms with p_c = 0 are 0). */
  ENTROPY,
  /**
   * Song and Mittal's modified entropy {@code -(1 - p_y) log p_y - sum_{c != y} p_c log(1 - p_c)},
   * which, unlike the entropy, is monotone in the correctness of the prediction. Logarithms of 0
   * are taken as log(1e-30), as in the reference code. (The reference's {@code m_entropy} departs
   * from this formula: it indexes the label columns of the whole batch and takes {@code log p}
   * where {@code log(1 - p)} is meant; we compute the paper's formula.)
   */
  MODIFIED_ENTROPY,
  /** 1 if the predicted class (the first largest p_c) is y, else 0: the reference's "correctness". */
  CORRECTNESS,
  /** The whole probability vector p_0 .. p_{k-1}: k numbers, the reference's "prob". */
  PROBABILITIES;

  /** How many numbers the feature has per example of a k-class model. */
  public int dimension(int k) {
    return this == PROBABILITIES ? k : 1;
  }

  /**
   * Writes the feature of one example, from its softmax probabilities {@code p[0 .. k)}, into
   * {@code out[0 .. dimension(k))}.
   */
  void write(double[] p, int k, int label, double[] out) {
    switch (this) {
      case CONFIDENCE:
        out[0] = p[label];
        return;
      case ENTROPY: {
        double h = 0;
        for (int c = 0; c < k; c++) {
          double q = p[c];
          h -= q > 0 ? q * Math.log(q) : 0;
        }
        out[0] = h;
        return;
      }
      case MODIFIED_ENTROPY: {
        double py = p[label];
        double h = -(1 - py) * safeLog(py);
        for (int c = 0; c < k; c++) {
          if (c != label) {
            double q = p[c];
            h -= q * safeLog(1 - q);
          }
        }
        out[0] = h;
        return;
      }
      case CORRECTNESS: {
        int argmax = 0;
        for (int c = 1; c < k; c++) {
          if (p[c] > p[argmax]) {
            argmax = c;
          }
        }
        out[0] = argmax == label ? 1 : 0;
        return;
      }
      case PROBABILITIES:
        System.arraycopy(p, 0, out, 0, k);
        return;
      default:
        throw new AssertionError(this);
    }
  }

  /** The feature of one example as a new array (see {@link #write}). */
  double[] of(double[] p, int k, int label) {
    double[] out = new double[dimension(k)];
    write(p, k, label, out);
    return out;
  }

  private static double safeLog(double x) {
    return Math.log(x > 0 ? x : 1e-30);
  }
}
