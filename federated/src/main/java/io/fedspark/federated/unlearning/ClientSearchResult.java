package io.fedspark.federated.unlearning;

import java.util.List;

/**
 * What {@link WorstCaseClientSearch} found.
 *
 * @param worstClient the candidate with the largest gap (lowest id on ties)
 * @param candidates the clients tried, ascending
 * @param gaps per candidate, FT's average gap to retraining without it (percentage points)
 * @param retrain per candidate, the scores of retraining without it
 * @param fineTune per candidate, the scores of FT without it
 */
public record ClientSearchResult(int worstClient, int[] candidates, double[] gaps, List<UnlearningScores> retrain,
    List<UnlearningScores> fineTune) {
  public ClientSearchResult {
    retrain = List.copyOf(retrain);
    fineTune = List.copyOf(fineTune);
  }
}
