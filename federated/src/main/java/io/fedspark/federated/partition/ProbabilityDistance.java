package io.fedspark.federated.partition;

/**
 * Distances between two discrete probability distributions over the same classes, both in
 * {@code [0, 1]}, used by {@link SkewReport} to measure how far a client's label distribution is
 * from the global one:
 *
 * <ul>
 *   <li>Hellinger distance {@code H(p, q) = sqrt(1/2 sum_c (sqrt p_c - sqrt q_c)^2)};
 *   <li>Jensen-Shannon distance {@code sqrt(JS(p, q))} with the divergence {@code JS(p, q) = 1/2
 *       KL(p || m) + 1/2 KL(q || m)}, {@code m = (p + q)/2}, in bits (base-2 logarithms, {@code 0
 *       log 0 = 0}); its square root is a metric (Endres and Schindelin, IEEE Trans. Inf. Theory
 *       49(7), 2003).
 * </ul>
 */
public final class ProbabilityDistance {
  private static final double LN2 = Math.log(2);

  private ProbabilityDistance() {}

  /**
   * @param p a probability vector
   * @param q a probability vector of the same length
   * @return the Hellinger distance, in [0, 1]
   */
  public static double hellinger(double[] p, double[] q) {
    checkLengths(p, q);
    double sum = 0;
    for (int c = 0; c < p.length; c++) {
      double d = Math.sqrt(p[c]) - Math.sqrt(q[c]);
      sum += d * d;
    }
    return Math.min(1.0, Math.sqrt(0.5 * sum));
  }

  /**
   * @param p a probability vector
   * @param q a probability vector of the same length
   * @return the Jensen-Shannon distance (square root of the divergence in bits), in [0, 1]
   */
  public static double jensenShannon(double[] p, double[] q) {
    checkLengths(p, q);
    double divergence = 0;
    for (int c = 0; c < p.length; c++) {
      double m = 0.5 * (p[c] + q[c]);
      if (p[c] > 0) {
        divergence += 0.5 * p[c] * Math.log(p[c] / m);
      }
      if (q[c] > 0) {
        divergence += 0.5 * q[c] * Math.log(q[c] / m);
      }
    }
    divergence /= LN2;
    return Math.sqrt(Math.min(1.0, Math.max(0.0, divergence)));
  }

  private static void checkLengths(double[] p, double[] q) {
    if (p.length != q.length) {
      throw new IllegalArgumentException(
          "distributions over " + p.length + " and " + q.length + " classes: expected equal");
    }
  }
}
