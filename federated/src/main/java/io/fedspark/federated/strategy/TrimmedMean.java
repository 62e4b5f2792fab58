package io.fedspark.federated.strategy;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;


/**
 * Coordinate-wise trimmed mean (Yin, Chen, Ramchandran and Bartlett, 2018, "Byzantine-Robust
 * Distributed Learning: Towards Optimal Statistical Rates", ICML, Section 3): for each parameter, sort
 * the round's m client values, drop the b = floor(beta * m) largest and the b smallest, and average
 * the rest,
 *
 * <pre>
 *   w_{t+1}[j] = 1 / (m - 2b) * sum_{i = b}^{m - b - 1} sorted_k(w_k[j])[i]
 * </pre>
 *
 * unweighted, like the paper (a client cannot buy influence by claiming many examples). beta is the
 * trim fraction per side, in [0, 0.5), so at least one value always remains; beta = 0 is the plain
 * unweighted mean. Stateless; needs every client's parameters ({@link #needsIndividualUpdates()}).
 *
 * <p>b is computed with a tolerance of 1e-9 (0.29 * 100 is 28.999999999999996 in binary floating
 * point and must trim 29) and capped at (m - 1) / 2.
 */
public final class TrimmedMean extends PerClientStrategy {
  /** {@code federate.strategy.trimmed-mean.trim-fraction}: beta, trimmed from each side. */
  public static final Setting<Double> TRIM_FRACTION =
      Setting.number("federate.strategy.trimmed-mean.trim-fraction", 0.1, Bounds.closedOpen(0, 0.5));

  /** @param trimFraction beta per side */
  public record Options(double trimFraction) implements StrategyOptions {
    public Options {
      TRIM_FRACTION.check(trimFraction);
    }

    /** The {@code federate.strategy.trimmed-mean} block of {@code c}. */
    public static Options from(ConfigView c) {
      return new Options(c.get(TRIM_FRACTION));
    }

    @Override
    public StrategyKind kind() {
      return StrategyKind.TRIMMED_MEAN;
    }

    @Override
    public Strategy create() {
      return new TrimmedMean(trimFraction);
    }
  }

  private final double trimFraction;

  /** Trimmed mean with the default trim fraction. */
  public TrimmedMean() {
    this(TRIM_FRACTION.defaultValue());
  }

  /** @param trimFraction beta, the fraction trimmed from each side, in [0, 0.5) */
  public TrimmedMean(double trimFraction) {
    super(StrategyKind.TRIMMED_MEAN);
    this.trimFraction = TRIM_FRACTION.check(trimFraction);
  }

  public double trimFraction() {
    return trimFraction;
  }

  @Override
  float[] aggregate(float[] global, float[][] clients) {
    int trim = trimPerSide(clients.length, trimFraction);
    return coordinateWise(global.length, clients, sorted -> trimmedMeanOfSorted(sorted, trim));
  }

  /** b = floor(beta * m) values dropped from each side, capped so that at least one value remains. */
  static int trimPerSide(int count, double trimFraction) {
    int b = (int) Math.floor(trimFraction * count + 1e-9);
    return Math.min(b, (count - 1) / 2);
  }

  /** The mean of sorted[trim .. n - trim), summed in ascending order in double, rounded once. */
  static float trimmedMeanOfSorted(float[] sorted, int trim) {
    int n = sorted.length;
    if (trim < 0 || n - 2 * trim < 1) {
      throw new IllegalArgumentException("trimmed mean: cannot drop " + trim + " values from each side of " + n);
    }
    double sum = 0;
    for (int i = trim; i < n - trim; i++) {
      sum += sorted[i];
    }
    return (float) (sum / (n - 2 * trim));
  }
}
