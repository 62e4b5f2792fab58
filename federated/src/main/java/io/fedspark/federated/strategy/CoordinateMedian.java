package io.fedspark.federated.strategy;


/**
 * Coordinate-wise median (Yin, Chen, Ramchandran and Bartlett, 2018, "Byzantine-Robust Distributed
 * Learning: Towards Optimal Statistical Rates", ICML, Section 3): each parameter of the next model is
 * the median of that parameter over the round's clients,
 *
 * <pre>
 *   w_{t+1}[j] = med{ w_k[j] : k in the round's successful clients }
 * </pre>
 *
 * unweighted (every client counts once, whatever its data size, so a client cannot buy influence by
 * claiming many examples). For an even number of clients the median is the mean of the two middle
 * values. Stateless; needs every client's parameters ({@link #needsIndividualUpdates()}).
 *
 * <p>Values are ordered as {@link Arrays#sort(float[])} orders them, so a NaN sent by a faulty client
 * sorts above +infinity and is discarded like any other extreme value unless it reaches the middle.
 */
public final class CoordinateMedian extends PerClientStrategy {
  /** The median has no settings. */
  public record Options() implements StrategyOptions {
    @Override
    public StrategyKind kind() {
      return StrategyKind.MEDIAN;
    }

    @Override
    public Strategy create() {
      return new CoordinateMedian();
    }
  }

  /** The coordinate-wise median. */
  public CoordinateMedian() {
    super(StrategyKind.MEDIAN);
  }

  @Override
  float[] aggregate(float[] global, float[][] clients) {
    return coordinateWise(global.length, clients, CoordinateMedian::medianOfSorted);
  }

  /**
   * The median of ascending values: the middle one for an odd count, the mean of the two middle ones
   * (computed in double, rounded once) for an even count.
   */
  static float medianOfSorted(float[] sorted) {
    int n = sorted.length;
    if (n == 0) {
      throw new IllegalArgumentException("median of no values");
    }
    if (n % 2 == 1) {
      return sorted[n / 2];
    }
    return (float) (((double) sorted[n / 2 - 1] + sorted[n / 2]) / 2);
  }
}
