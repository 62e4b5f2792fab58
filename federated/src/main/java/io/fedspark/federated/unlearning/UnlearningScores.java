package io.fedspark.federated.unlearning;

/**
 * The deterministic quality metrics of an unlearned model, in percent (Jia et al., NeurIPS 2023;
 * Fan et al., ECCV 2024): a pure function of the model, the problem and the seed.
 *
 * @param ua unlearning accuracy, {@code 100 - accuracy on the forget set}
 * @param ra accuracy on the retain set
 * @param ta accuracy on the test set
 * @param mia MIA-efficacy, {@code 100 * attack.efficacy()}
 * @param forgetLoss the mean cross-entropy of the forget set (nats), the quantity the worst-case
 *     forget set minimises after unlearning (Fan et al., ECCV 2024); not part of the gap
 * @param attack the membership-inference attack behind {@code mia}
 */
public record UnlearningScores(double ua, double ra, double ta, double mia, double forgetLoss, MiaResult attack) {

  /**
   * The average gap to Retrain: {@code (|UA - UA_r| + |MIA - MIA_r| + |RA - RA_r| + |TA - TA_r|) / 4}
   * in percentage points, the summary of Fan et al. (ECCV 2024); 0 means indistinguishable from
   * exact unlearning on these metrics.
   */
  public double averageGap(UnlearningScores retrain) {
    return (Math.abs(ua - retrain.ua) + Math.abs(mia - retrain.mia) + Math.abs(ra - retrain.ra)
        + Math.abs(ta - retrain.ta)) / 4;
  }
}
