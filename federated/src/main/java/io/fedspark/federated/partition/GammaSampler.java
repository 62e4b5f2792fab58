package io.fedspark.federated.partition;

import java.util.SplittableRandom;

/**
 * Gamma(shape, 1) variates by the method of Marsaglia and Tsang ("A Simple Method for Generating
 * Gamma Variables", ACM Transactions on Mathematical Software 26(3), 2000).
 *
 * <p>For shape {@code a >= 1}: with {@code d = a - 1/3}, {@code c = 1/sqrt(9d)}, draw a standard
 * normal {@code x} and {@code v = (1 + c x)^3} until {@code v > 0}, then accept {@code d v} if
 * {@code u < 1 - 0.0331 x^4} (the squeeze) or {@code ln u < x^2/2 + d (1 - v + ln v)}. For
 * {@code a < 1} their boost applies: if {@code X ~ Gamma(a + 1)} and {@code U ~ U(0, 1)} then
 * {@code X U^(1/a) ~ Gamma(a)}. {@link #sampleLog} returns the logarithm directly, {@code ln X +
 * ln(U)/a}, which stays finite where {@code U^(1/a)} underflows (shapes like 0.01 that strongly
 * skewed Dirichlet partitions use).
 *
 * <p>Standard normals come from Marsaglia's polar method on {@link SplittableRandom#nextDouble()},
 * whose output is specified, so a stream of variates does not depend on the JDK's choice of
 * {@code nextGaussian} algorithm.
 */
public final class GammaSampler {
  private GammaSampler() {}

  /**
   * Draws one Gamma(shape, 1) variate (mean and variance both {@code shape}).
   *
   * @param rng the random stream to draw from
   * @param shape the shape, finite and > 0
   * @return the variate, >= 0 (0 only when a shape well below 1 underflows)
   */
  public static double sample(SplittableRandom rng, double shape) {
    checkShape(shape);
    if (shape >= 1) {
      return marsagliaTsang(rng, shape);
    }
    return marsagliaTsang(rng, shape + 1) * Math.pow(uniformOpenAtZero(rng), 1 / shape);
  }

  /**
   * Draws the natural logarithm of one Gamma(shape, 1) variate, finite even for tiny shapes.
   *
   * @param rng the random stream to draw from
   * @param shape the shape, finite and > 0
   * @return {@code ln X} for {@code X ~ Gamma(shape, 1)}
   */
  public static double sampleLog(SplittableRandom rng, double shape) {
    checkShape(shape);
    if (shape >= 1) {
      return Math.log(marsagliaTsang(rng, shape));
    }
    return Math.log(marsagliaTsang(rng, shape + 1)) + Math.log(uniformOpenAtZero(rng)) / shape;
  }

  /** Marsaglia-Tsang for shape >= 1; the result is strictly positive. */
  private static double marsagliaTsang(SplittableRandom rng, double shape) {
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x;
      double v;
      do {
        x = standardNormal(rng);
        v = 1.0 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = rng.nextDouble();
      double x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2) {
        return d * v;
      }
      if (Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
        return d * v;
      }
    }
  }

  /** One standard normal variate by Marsaglia's polar method (the second variate is dropped). */
  static double standardNormal(SplittableRandom rng) {
    double a;
    double s;
    do {
      a = 2.0 * rng.nextDouble() - 1.0;
      double b = 2.0 * rng.nextDouble() - 1.0;
      s = a * a + b * b;
    } while (s >= 1.0 || s == 0.0);
    return a * Math.sqrt(-2.0 * Math.log(s) / s);
  }

  /** A uniform variate in (0, 1], so that its logarithm is finite. */
  private static double uniformOpenAtZero(SplittableRandom rng) {
    return 1.0 - rng.nextDouble();
  }

  private static void checkShape(double shape) {
    if (!(shape > 0) || !Double.isFinite(shape)) {
      throw new IllegalArgumentException(
          "gamma shape = " + shape + ": expected a finite number > 0");
    }
  }
}
