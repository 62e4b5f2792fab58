package io.fedspark.federated.partition;

import java.util.SplittableRandom;

/**
 * Dirichlet(alpha) variates as normalised independent Gamma(alpha_i, 1) variates, drawn by {@link
 * GammaSampler}. The normalisation is done in log space (subtract the largest log-gamma before
 * exponentiating), so a draw always sums to 1 with a largest component of at least {@code 1/K},
 * even when every gamma variate of a tiny concentration would underflow to 0 in linear space.
 *
 * <p>A zero concentration is allowed and gives that component 0 (used for absent classes), as
 * long as at least one concentration is positive.
 */
public final class DirichletSampler {
  private DirichletSampler() {}

  /**
   * Draws from Dirichlet(alpha) into {@code out}.
   *
   * @param rng the random stream
   * @param alpha concentrations, each finite and >= 0, at least one > 0
   * @param out receives the draw; same length as {@code alpha}
   */
  public static void sample(SplittableRandom rng, double[] alpha, double[] out) {
    if (alpha.length != out.length) {
      throw new IllegalArgumentException("dirichlet: " + alpha.length + " concentrations but an "
          + "output of length " + out.length);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < alpha.length; i++) {
      double a = alpha[i];
      if (!(a >= 0) || !Double.isFinite(a)) {
        throw new IllegalArgumentException(
            "dirichlet: concentration " + i + " = " + a + ": expected a finite number >= 0");
      }
      out[i] = a == 0 ? Double.NEGATIVE_INFINITY : GammaSampler.sampleLog(rng, a);
      max = Math.max(max, out[i]);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(
          "dirichlet: every concentration is 0: expected at least one > 0");
    }
    normalizeLogs(out, max);
  }

  /**
   * Draws from the symmetric Dirichlet(alpha, ..., alpha) of dimension {@code out.length}.
   *
   * @param rng the random stream
   * @param alpha the common concentration, finite and > 0
   * @param out receives the draw, at least one component
   */
  public static void sampleSymmetric(SplittableRandom rng, double alpha, double[] out) {
    if (out.length == 0) {
      throw new IllegalArgumentException("dirichlet: dimension 0: expected at least 1");
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < out.length; i++) {
      out[i] = GammaSampler.sampleLog(rng, alpha);
      max = Math.max(max, out[i]);
    }
    normalizeLogs(out, max);
  }

  /**
   * Draws from Dirichlet(alpha) into a new array.
   *
   * @param rng the random stream
   * @param alpha concentrations, each finite and >= 0, at least one > 0
   * @return the draw
   */
  public static double[] sample(SplittableRandom rng, double[] alpha) {
    double[] out = new double[alpha.length];
    sample(rng, alpha, out);
    return out;
  }

  private static void normalizeLogs(double[] logs, double max) {
    double total = 0;
    for (int i = 0; i < logs.length; i++) {
      logs[i] = Math.exp(logs[i] - max);
      total += logs[i];
    }
    for (int i = 0; i < logs.length; i++) {
      logs[i] /= total;
    }
  }
}
