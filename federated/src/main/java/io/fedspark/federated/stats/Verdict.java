package io.fedspark.federated.stats;

import io.fedspark.math.Choice;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a reproduction confirms a paper's reported effect, read from the confidence interval of
 * the paired difference {@code treatment - control} over seeds ({@link PairedDifference}):
 * <ul>
 *   <li>a reported INCREASE is {@link #REPRODUCED} when the whole interval is above 0,
 *       {@link #NOT_REPRODUCED} when it is below 0 (the opposite effect), otherwise (0 inside the
 *       interval) {@link #INCONCLUSIVE}; a DECREASE mirrors this;</li>
 *   <li>a reported NO_DIFFERENCE is REPRODUCED when the whole interval lies within
 *       {@code [-margin, +margin]} (equivalence, as two one-sided tests at the interval's level),
 *       NOT_REPRODUCED when the interval excludes 0, otherwise INCONCLUSIVE.</li>
 * </ul>
 * An interval that touches 0 at an end counts as containing it.
 */
public enum Verdict implements Choice {
  REPRODUCED,
  NOT_REPRODUCED,
  INCONCLUSIVE;

  /**
   * The verdict on a reported INCREASE or DECREASE.
   *
   * @throws IllegalArgumentException for NO_DIFFERENCE, which needs a margin
   *     ({@link #judge(ReportedEffect, PairedDifference, double)})
   */
  public static Verdict judge(ReportedEffect reported, PairedDifference difference) {
    if (Objects.requireNonNull(reported, "reported") == ReportedEffect.NO_DIFFERENCE) {
      throw new IllegalArgumentException("verdict: a reported " + reported.configName() + " needs an equivalence"
          + " margin (judge(reported, difference, margin))");
    }
    return judge(reported, difference, 0);
  }

  /**
   * The verdict on a reported effect; {@code margin} is the equivalence margin of NO_DIFFERENCE
   * (in the units of the results, > 0) and is ignored for INCREASE and DECREASE.
   *
   * @throws IllegalArgumentException if NO_DIFFERENCE comes with a margin that is not finite and > 0
   */
  public static Verdict judge(ReportedEffect reported, PairedDifference difference, double margin) {
    Objects.requireNonNull(reported, "reported");
    Objects.requireNonNull(difference, "difference");
    double lo = difference.lower();
    double hi = difference.upper();
    switch (reported) {
      case INCREASE:
        return lo > 0 ? REPRODUCED : hi < 0 ? NOT_REPRODUCED : INCONCLUSIVE;
      case DECREASE:
        return hi < 0 ? REPRODUCED : lo > 0 ? NOT_REPRODUCED : INCONCLUSIVE;
      default:
        if (!(margin > 0) || Double.isInfinite(margin)) {
          throw new IllegalArgumentException("verdict: equivalence margin " + margin + " for a reported "
              + reported.configName() + ", expected a finite number > 0");
        }
        if (lo >= -margin && hi <= margin) {
          return REPRODUCED;
        }
        return lo > 0 || hi < 0 ? NOT_REPRODUCED : INCONCLUSIVE;
    }
  }

  /**
   * One sentence for a results document, e.g. {@code "curriculum - random: +1.23 [95% CI -0.21,
   * +2.67], n = 5, p = 0.081; the paper reports an increase: inconclusive."}
   *
   * @param comparison what was compared, e.g. {@code "curriculum - random (accuracy points)"}
   */
  public String sentence(String comparison, ReportedEffect reported, PairedDifference difference) {
    Objects.requireNonNull(comparison, "comparison");
    Objects.requireNonNull(reported, "reported");
    String effect = switch (reported) {
      case INCREASE -> "an increase";
      case DECREASE -> "a decrease";
      case NO_DIFFERENCE -> "no difference";
    };
    return String.format(Locale.ROOT, "%s: %s; the paper reports %s: %s.", comparison, difference.describe(), effect,
        configName().replace('-', ' '));
  }
}
