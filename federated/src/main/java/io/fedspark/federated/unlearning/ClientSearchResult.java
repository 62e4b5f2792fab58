package io.fedspark.federated.unlearning;

import java.util.List;
import java.util.Objects;

/**
 * What {@link WorstCaseClientSearch} found: every candidate's Retrain and FT scores, and the
 * worst-case client by the configured rule; {@link #worstClient(WorstCaseClientRule)} gives any
 * rule's choice, so both rules can be reported.
 *
 * @param rule the configured rule
 * @param worstClient the worst candidate by {@code rule} (the first candidate on ties)
 * @param candidates the clients tried, in evaluation order
 * @param retrain per candidate, the scores of retraining without it
 * @param fineTune per candidate, the scores of FT without it
 */
public record ClientSearchResult(WorstCaseClientRule rule, int worstClient, int[] candidates,
    List<UnlearningScores> retrain, List<UnlearningScores> fineTune) {
  public ClientSearchResult {
    Objects.requireNonNull(rule, "rule");
    retrain = List.copyOf(retrain);
    fineTune = List.copyOf(fineTune);
  }

  /** The worst candidate by {@code other}. */
  public int worstClient(WorstCaseClientRule other) {
    return candidates[other.worstIndex(retrain, fineTune)];
  }

  /** Per candidate, FT's average gap to retraining without it (percentage points). */
  public double[] gaps() {
    double[] g = new double[candidates.length];
    for (int k = 0; k < g.length; k++) {
      g[k] = fineTune.get(k).averageGap(retrain.get(k));
    }
    return g;
  }

  /** Per candidate, the mean cross-entropy of its data under the FT-unlearned model. */
  public double[] forgetLosses() {
    return fineTune.stream().mapToDouble(UnlearningScores::forgetLoss).toArray();
  }
}
