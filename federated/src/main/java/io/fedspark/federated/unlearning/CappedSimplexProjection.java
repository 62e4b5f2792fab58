package io.fedspark.federated.unlearning;

import java.util.Objects;

/**
 * Euclidean projection onto the capped simplex {@code {w : 0 <= w_i <= 1, sum_i w_i = m}}, the
 * relaxed constraint set of the worst-case forget-set search (Fan et al., ECCV 2024). By the KKT
 * conditions the projection of v is {@code w_i = clip(v_i - mu, 0, 1)} for the scalar mu with
 * {@code h(mu) = sum_i clip(v_i - mu, 0, 1) = m}. h is continuous and non-increasing, with
 * {@code h(min v - 1) = n >= m} and {@code h(max v) = 0 <= m}, so bisection on
 * {@code [min v - 1, max v]} finds mu: it stops once {@code |h(mu) - m| <= tolerance} or after
 * {@code maxIterations} halvings (defaults 1e-5 and 100, the reference's; 100 halvings shrink the
 * bracket below double precision, so the tolerance is always met in practice).
 */
public final class CappedSimplexProjection {
  /** The reference tolerance on {@code |sum w - m|}. */
  public static final double DEFAULT_TOLERANCE = 1e-5;
  /** The reference bound on the number of bisection steps. */
  public static final int DEFAULT_MAX_ITERATIONS = 100;

  private final double tolerance;
  private final int maxIterations;

  /** The reference settings, tolerance 1e-5 and at most 100 iterations. */
  public CappedSimplexProjection() {
    this(DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
  }

  /**
   * @param tolerance on {@code |sum w - m|}, finite and > 0
   * @param maxIterations bisection steps, >= 1
   */
  public CappedSimplexProjection(double tolerance, int maxIterations) {
    if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("capped-simplex projection: tolerance is " + tolerance
          + ", expected a finite number > 0");
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("capped-simplex projection: maxIterations is " + maxIterations
          + ", expected an integer >= 1");
    }
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
  }

  /**
   * The projection of {@code v} (not modified) onto the capped simplex of total {@code m}.
   *
   * @throws IllegalArgumentException if v is empty or has a non-finite entry, or m is not in
   *     {@code [0, v.length]}
   */
  public double[] project(double[] v, double m) {
    double mu = shift(v, m);
    double[] w = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      w[i] = clip(v[i] - mu);
    }
    return w;
  }

  /** The shift mu of the projection of v (see the type's comment). */
  public double shift(double[] v, double m) {
    Objects.requireNonNull(v, "v");
    if (v.length == 0) {
      throw new IllegalArgumentException("capped-simplex projection: the vector is empty");
    }
    if (!(m >= 0 && m <= v.length)) {
      throw new IllegalArgumentException("capped-simplex projection: total " + m + " is not in [0, " + v.length
          + "] (the vector's length)");
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException("capped-simplex projection: entry " + i + " is " + v[i]
            + ", expected a finite number");
      }
      min = Math.min(min, v[i]);
      max = Math.max(max, v[i]);
    }
    double lo = min - 1;
    double hi = max;
    double mu = (lo + hi) / 2;
    for (int it = 0; it < maxIterations; it++) {
      mu = (lo + hi) / 2;
      double s = total(v, mu);
      if (Math.abs(s - m) <= tolerance) {
        break;
      }
      if (s > m) {
        lo = mu;
      } else {
        hi = mu;
      }
    }
    return mu;
  }

  private static double total(double[] v, double mu) {
    double s = 0;
    for (double x : v) {
      s += clip(x - mu);
    }
    return s;
  }

  private static double clip(double x) {
    return x < 0 ? 0 : x > 1 ? 1 : x;
  }
}
