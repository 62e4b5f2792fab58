package io.fedspark.federated.unlearning;

import java.util.Locale;

/**
 * One row of an unlearning experiment: a method run on a forget set of some kind with one seed.
 * {@code scores} is deterministic (same inputs and seed, same values); {@code runSeconds}, RTE,
 * is measured wall-clock time of the method alone (not of the metrics) and varies between runs,
 * so it is kept apart and excluded from comparisons.
 *
 * @param method {@link UnlearningMethod#name()}
 * @param forgetKind how the forget set was chosen
 * @param seed the experiment's root seed
 * @param forgetSize |D_f|
 * @param scores UA, RA, TA, MIA-efficacy
 * @param runSeconds RTE, the method's run time
 */
public record UnlearningResult(String method, ForgetKind forgetKind, long seed, int forgetSize,
    UnlearningScores scores, double runSeconds) {

  /** The CSV header matching {@link #toCsv()}. */
  public static final String CSV_HEADER =
      "method,forget_kind,seed,forget_size,ua,ra,ta,mia_efficacy,mia_feature,mia_attacker,rte_seconds";

  /** One CSV line (no quoting needed: method names have no commas). */
  public String toCsv() {
    return String.format(Locale.ROOT, "%s,%s,%d,%d,%.4f,%.4f,%.4f,%.4f,%s,%s,%.6f", method, forgetKind.configName(),
        seed, forgetSize, scores.ua(), scores.ra(), scores.ta(), scores.mia(), scores.attack().feature().configName(),
        scores.attack().attacker().configName(), runSeconds);
  }
}
