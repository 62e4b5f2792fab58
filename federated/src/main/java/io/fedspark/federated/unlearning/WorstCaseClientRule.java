package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;
import java.util.List;

/**
 * How {@link WorstCaseClientSearch} ranks candidate clients, each evaluated by retraining without
 * it and by FT (r FedAvg rounds on the remaining clients).
 */
public enum WorstCaseClientRule implements Choice {
  /**
   * The paper's objective (Fan et al., "Challenging Forgets", ECCV 2024: the worst-case forget set
   * minimises the forget loss of the unlearned model, its lower level fine-tuning from the original
   * model): the candidate whose data keeps the lowest mean cross-entropy under the FT-unlearned
   * model, the one hardest to forget. The mean, not the paper's sum, because clients differ in size
   * while the data-level search compares sets of one size.
   */
  FORGET_LOSS,
  /**
   * fedspark's earlier rule: the candidate whose FT result is farthest from retraining, the largest
   * average gap over UA, MIA-efficacy, RA and TA ({@link UnlearningScores#averageGap}). It needs
   * Retrain per candidate and moves with the MIA attacker.
   */
  FT_GAP;

  /**
   * The position of the worst candidate: the lowest FT forget loss, or the largest FT gap to
   * retraining; the first (lowest position) on ties.
   *
   * @param retrain per candidate, the scores of retraining without it
   * @param fineTune per candidate, the scores of FT without it
   * @throws IllegalArgumentException if there are no candidates or the lists differ in length
   */
  public int worstIndex(List<UnlearningScores> retrain, List<UnlearningScores> fineTune) {
    if (fineTune.isEmpty() || retrain.size() != fineTune.size()) {
      throw new IllegalArgumentException("worst-case client: " + retrain.size() + " Retrain and " + fineTune.size()
          + " FT results, expected the same number, at least one");
    }
    int worst = 0;
    for (int k = 1; k < fineTune.size(); k++) {
      boolean worse = switch (this) {
        case FORGET_LOSS -> fineTune.get(k).forgetLoss() < fineTune.get(worst).forgetLoss();
        case FT_GAP -> fineTune.get(k).averageGap(retrain.get(k)) > fineTune.get(worst).averageGap(retrain.get(worst));
      };
      if (worse) {
        worst = k;
      }
    }
    return worst;
  }
}
