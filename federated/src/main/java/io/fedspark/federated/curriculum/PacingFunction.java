package io.fedspark.federated.curriculum;

import io.fedspark.math.Choice;
/**
 * A pacing function {@code g(t; a, b, T, N)}: how many of the {@code N} ordered examples (or
 * clients) a curriculum uses at step {@code t} of {@code T} (Vahidian et al., "When Do Curricula
 * Work in Federated Learning?", ICCV 2023, following Wu, Dyer and Neyshabur, "When Do Curricula
 * Work?", ICLR 2021).
 *
 * <p>With {@code N0 = b N} (the starting size; {@code b} is the starting fraction) and {@code a}
 * the fraction of {@code T} at which the full data is reached, for {@code t < aT}:
 * <pre>
 *   linear: N0 + (N - N0) t / (aT)
 *   quad:   N0 + (N - N0) t^2 / (aT)^2
 *   sqrt:   N0 + (N - N0) sqrt(t) / sqrt(aT)
 *   exp:    N0 + (N - N0) (e^{c t / (aT)} - 1) / (e^c - 1),   c = 10
 *   log:    N0 + (N - N0) (1 + ln(t / (aT) + e^{-c}) / c),     c = 10
 *   step:   N0 + N floor(t / (aT))                             (= N0 before aT)
 * </pre>
 * The value is cast to int (truncated, as the reference implementation does) and clipped to
 * {@code [1, N]}. For {@code t >= aT} every function returns {@code N}: the formulas all reach or
 * exceed {@code N} there and are clipped to it, and returning {@code N} directly keeps rounding
 * (e.g. {@code (int) 99.99999999999999}) from ever withholding the last example.
 */
public enum PacingFunction implements Choice {
  LINEAR {
    @Override
    double growth(double t, double aT) {
      return t / aT;
    }
  },
  QUAD {
    @Override
    double growth(double t, double aT) {
      return t * t / (aT * aT);
    }
  },
  SQRT {
    @Override
    double growth(double t, double aT) {
      return Math.sqrt(t) / Math.sqrt(aT);
    }
  },
  EXP {
    @Override
    double growth(double t, double aT) {
      return (Math.exp(C * t / aT) - 1) / (Math.exp(C) - 1);
    }
  },
  LOG {
    @Override
    double growth(double t, double aT) {
      return 1 + Math.log(t / aT + Math.exp(-C)) / C;
    }
  },
  STEP {
    @Override
    double growth(double t, double aT) {
      // N0 + N floor(t / aT) with t < aT: floor is 0, the size stays N0 until aT.
      return 0;
    }
  };

  /** The steepness constant {@code c} of {@link #EXP} and {@link #LOG}. */
  public static final double C = 10;

  /** The fraction of {@code N - N0} added at {@code t < aT}. */
  abstract double growth(double t, double aT);

  /**
   * {@code g(t; a, b, T, N)}: the number of examples to use at step {@code t}.
   *
   * @param t the step, finite and >= 0
   * @param a fraction of {@code T} at which the full data is reached, finite and > 0
   * @param b starting fraction, in [0, 1]
   * @param T total number of steps, finite and > 0
   * @param N number of examples, >= 1
   * @return a size in {@code [1, N]}
   */
  public int size(double t, double a, double b, double T, int N) {
    if (!(t >= 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException(configName() + " pacing: step t is " + t + ", expected a finite number >= 0");
    }
    if (!(a > 0) || Double.isInfinite(a)) {
      throw new IllegalArgumentException(configName() + " pacing: a is " + a + ", expected a finite number > 0");
    }
    if (!(b >= 0 && b <= 1)) {
      throw new IllegalArgumentException(configName() + " pacing: b is " + b + ", expected a fraction in [0, 1]");
    }
    if (!(T > 0) || Double.isInfinite(T)) {
      throw new IllegalArgumentException(configName() + " pacing: T is " + T + ", expected a finite number > 0");
    }
    if (N < 1) {
      throw new IllegalArgumentException(configName() + " pacing: N is " + N + ", expected at least 1 example");
    }
    double aT = a * T;
    if (t >= aT) {
      return N;
    }
    double n0 = b * N;
    double value = n0 + (N - n0) * growth(t, aT);
    int size = (int) value;
    return Math.max(1, Math.min(N, size));
  }
}
