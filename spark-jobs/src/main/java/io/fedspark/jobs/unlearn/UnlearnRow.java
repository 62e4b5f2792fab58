package io.fedspark.jobs.unlearn;

import java.util.Locale;

/**
 * One result row of the audit: the scores of one method on one forget set. Everything but
 * {@code rteSeconds} is a deterministic function of the configuration and seeds; {@code gap} is
 * the average gap to Retrain ({@link io.fedspark.federated.unlearning.UnlearningScores#averageGap})
 * filled in on the driver once the Retrain row of the same (kind, ratio, seed) is known (NaN when
 * Retrain is not in the grid). Rows of {@code unlearn.setting = federated} name the forgotten
 * client ({@code client}, -1 otherwise) and have no ratio (NaN). {@code forgetLoss} is the mean
 * cross-entropy of the forget set under the unlearned model (nats).
 */
public record UnlearnRow(int index, String method, String forgetKind, double ratio, long seed, int forgetSize,
    int client, double ua, double ra, double ta, double mia, String miaFeature, String miaAttacker,
    double forgetLoss, double rteSeconds, double gap) {

  /** The CSV header matching {@link #toCsv()}. */
  public static final String CSV_HEADER =
      "method,forget_kind,ratio,seed,forget_size,client,ua,ra,ta,mia_efficacy,mia_feature,mia_attacker,forget_loss,"
      + "rte_seconds,gap_to_retrain";

  /** The header of the all-numeric table written as Parquet ({@link #toNumericCsv}). */
  public static final String NUMERIC_HEADER =
      "method_id,forget_kind_id,ratio,seed,forget_size,client,ua,ra,ta,mia_efficacy,forget_loss,rte_seconds,gap_to_retrain";

  public UnlearnRow withGap(double value) {
    return new UnlearnRow(index, method, forgetKind, ratio, seed, forgetSize, client, ua, ra, ta, mia, miaFeature,
        miaAttacker, forgetLoss, rteSeconds, value);
  }

  /** This row with the run time zeroed: what must agree between two runs of the same cell. */
  public UnlearnRow withoutRunTime() {
    return new UnlearnRow(index, method, forgetKind, ratio, seed, forgetSize, client, ua, ra, ta, mia, miaFeature,
        miaAttacker, forgetLoss, 0, gap);
  }

  public String toCsv() {
    return String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.4f,%.4f,%.4f,%.4f,%s,%s,%.6f,%.6f,%s", method, forgetKind,
        Double.isNaN(ratio) ? "" : num(ratio), seed, forgetSize, client, ua, ra, ta, mia, miaFeature, miaAttacker,
        forgetLoss, rteSeconds,
        Double.isNaN(gap) ? "" : String.format(Locale.ROOT, "%.4f", gap));
  }

  /** The numeric columns, method and kind as their enum ordinals (see provenance for the names). */
  String toNumericCsv(int methodId, int kindId) {
    return String.format(Locale.ROOT, "%d,%d,%s,%d,%d,%d,%s,%s,%s,%s,%s,%s,%s", methodId, kindId,
        Double.isNaN(ratio) ? "" : num(ratio), seed, forgetSize, client, num(ua), num(ra), num(ta), num(mia),
        num(forgetLoss), num(rteSeconds), Double.isNaN(gap) ? "" : num(gap));
  }

  String toJson() {
    return String.format(Locale.ROOT,
        "{\"method\": \"%s\", \"forgetKind\": \"%s\", \"ratio\": %s, \"seed\": %d, \"forgetSize\": %d, \"client\": %d, "
            + "\"ua\": %s, "
            + "\"ra\": %s, \"ta\": %s, \"mia\": %s, \"miaFeature\": \"%s\", \"miaAttacker\": \"%s\", "
            + "\"forgetLoss\": %s, \"rteSeconds\": %s, \"gapToRetrain\": %s}",
        method, forgetKind, num(ratio), seed, forgetSize, client, num(ua), num(ra), num(ta), num(mia), miaFeature,
        miaAttacker.replace("\"", "'"), num(forgetLoss), num(rteSeconds), Double.isNaN(gap) ? "null" : num(gap));
  }

  private static String num(double d) {
    return Double.isFinite(d) ? Double.toString(d) : "null";
  }
}
