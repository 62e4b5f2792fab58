package io.fedspark.jobs.unlearn;

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

  /**
   * The row as the result tables show it (results.csv, .json, .parquet): every component but the
   * grid index, in order, the experiment seed named {@code experiment_seed} (the Parquet table's
   * {@code seed} is the run's), the MIA score {@code mia_efficacy} and the gap {@code gap_to_retrain}.
   */
  public record Table(String method, String forgetKind, double ratio, long experimentSeed, int forgetSize, int client,
      double ua, double ra, double ta, double miaEfficacy, String miaFeature, String miaAttacker, double forgetLoss,
      double rteSeconds, double gapToRetrain) {}

  /** This row for the result tables. */
  public Table table() {
    return new Table(method, forgetKind, ratio, seed, forgetSize, client, ua, ra, ta, mia, miaFeature, miaAttacker,
        forgetLoss, rteSeconds, gap);
  }

  public UnlearnRow withGap(double value) {
    return new UnlearnRow(index, method, forgetKind, ratio, seed, forgetSize, client, ua, ra, ta, mia, miaFeature,
        miaAttacker, forgetLoss, rteSeconds, value);
  }

  /** This row with the run time zeroed: what must agree between two runs of the same cell. */
  public UnlearnRow withoutRunTime() {
    return new UnlearnRow(index, method, forgetKind, ratio, seed, forgetSize, client, ua, ra, ta, mia, miaFeature,
        miaAttacker, forgetLoss, 0, gap);
  }

}
