package io.fedspark.federated.stats;

import java.util.Locale;
import java.util.Objects;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The paired difference of two lists of per-seed results, {@code d_i = treatment_i - control_i}
 * (seed i of both runs shares its data split, initialisation and every other random choice but the
 * one compared), with its Student-t confidence interval and two-sided paired t-test (e.g. Rice,
 * "Mathematical Statistics and Data Analysis", 3rd ed., section 11.3):
 * <pre>
 *   mean = (1/n) sum d_i,   s = sqrt( sum (d_i - mean)^2 / (n - 1) ),   se = s / sqrt(n)
 *   CI   = mean -+ t_{(1 + level)/2, n - 1} se
 *   t    = mean / se,        p = 2 P(T_{n-1} > |t|)
 * </pre>
 * The t quantile and tail come from Apache Commons Statistics' {@link TDistribution} (inverse of
 * the regularized incomplete beta function; e.g. {@code t_{0.975, 4} = 2.7764451}, as scipy's
 * {@code t.ppf}). With {@code s = 0} (every pair differs by the same amount) the interval is the
 * single point {@code mean}, and p is 1 if the mean is 0, else 0.
 *
 * @param differences {@code d_i}, in seed order (a copy)
 * @param level the confidence level of the interval, in (0, 1)
 * @param mean the mean difference
 * @param standardDeviation the sample standard deviation {@code s} (divisor n - 1)
 * @param lower the lower end of the interval
 * @param upper the upper end of the interval
 * @param pValue the two-sided p-value of the paired t-test of {@code mean = 0}
 */
public record PairedDifference(double[] differences, double level, double mean, double standardDeviation,
    double lower, double upper, double pValue) {
  /** The usual 95% confidence level. */
  public static final double LEVEL_95 = 0.95;

  public PairedDifference {
    differences = Objects.requireNonNull(differences, "differences").clone();
  }

  /** The paired difference {@code treatment - control} with a 95% interval. */
  public static PairedDifference of(double[] treatment, double[] control) {
    return of(treatment, control, LEVEL_95);
  }

  /**
   * The paired difference {@code treatment_i - control_i} with an interval at {@code level}.
   *
   * @throws IllegalArgumentException if the lists differ in length, hold fewer than 2 pairs, a
   *     value is not finite, or the level is not in (0, 1)
   */
  public static PairedDifference of(double[] treatment, double[] control, double level) {
    Objects.requireNonNull(treatment, "treatment");
    Objects.requireNonNull(control, "control");
    if (treatment.length != control.length) {
      throw new IllegalArgumentException("paired difference: " + treatment.length + " treatment results but "
          + control.length + " control results; expected one of each per seed");
    }
    int n = treatment.length;
    if (n < 2) {
      throw new IllegalArgumentException("paired difference: " + n + " pair(s) of results; expected at least 2 seeds"
          + " for a confidence interval");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("paired difference: confidence level " + level + ", expected a number in"
          + " (0, 1) such as 0.95");
    }
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(treatment[i]) || !Double.isFinite(control[i])) {
        throw new IllegalArgumentException("paired difference: seed " + i + " has results " + treatment[i] + " and "
            + control[i] + ", expected finite numbers");
      }
      d[i] = treatment[i] - control[i];
    }
    double mean = 0;
    for (double v : d) {
      mean += v;
    }
    mean /= n;
    double squares = 0;
    for (double v : d) {
      squares += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(squares / (n - 1));
    double se = sd / Math.sqrt(n);
    double half = tQuantile((1 + level) / 2, n - 1) * se;
    double p;
    if (se == 0) {
      p = mean == 0 ? 1 : 0;
    } else {
      p = Math.min(1, 2 * TDistribution.of(n - 1).survivalProbability(Math.abs(mean / se)));
    }
    return new PairedDifference(d, level, mean, sd, mean - half, mean + half, p);
  }

  /**
   * The quantile {@code t_{p, df}} of Student's t distribution with {@code df} degrees of
   * freedom: {@code P(T <= t) = p}.
   *
   * @throws IllegalArgumentException if {@code df < 1} or {@code p} is not in (0, 1)
   */
  public static double tQuantile(double p, int df) {
    if (df < 1) {
      throw new IllegalArgumentException("t quantile: " + df + " degrees of freedom, expected at least 1");
    }
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("t quantile: probability " + p + ", expected a number in (0, 1)");
    }
    return TDistribution.of(df).inverseCumulativeProbability(p);
  }

  /** The number of pairs (seeds). */
  public int n() {
    return differences.length;
  }

  /** The standard error of the mean difference, {@code s / sqrt(n)}. */
  public double standardError() {
    return standardDeviation / Math.sqrt(n());
  }

  @Override
  public double[] differences() {
    return differences.clone();
  }

  /**
   * E.g. {@code "+1.23 [95% CI -0.21, +2.67], n = 5, p = 0.081"}: the values as given (in the
   * units of the results, e.g. accuracy points), two decimals.
   */
  public String describe() {
    return String.format(Locale.ROOT, "%+.2f [%s%% CI %+.2f, %+.2f], n = %d, p = %.3g", mean, levelText(), lower,
        upper, n(), pValue);
  }

  private String levelText() {
    double pct = 100 * level;
    return pct == Math.rint(pct) ? Long.toString((long) pct) : Double.toString(pct);
  }
}
