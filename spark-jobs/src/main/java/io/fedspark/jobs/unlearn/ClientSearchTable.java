package io.fedspark.jobs.unlearn;

import io.fedspark.federated.unlearning.ClientSearchResult;
import io.fedspark.federated.unlearning.WorstCaseClientRule;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code client-search.csv} of the worst-case client search: per seed and candidate, the forget
 * size, FT's and Retrain's forget loss, FT's gap to Retrain, and the rules that chose it.
 */
final class ClientSearchTable {
  private final StringBuilder csv = new StringBuilder(
      "seed,client,forget_size,ft_forget_loss,retrain_forget_loss,ft_gap_to_retrain,worst_by\n");

  /** Adds one seed's candidates; {@code rows} holds each candidate's Retrain row then its FT row. */
  void add(long seed, ClientSearchResult result, List<UnlearnRow> rows) {
    double[] gaps = result.gaps();
    int[] ids = result.candidates();
    for (int k = 0; k < ids.length; k++) {
      int client = ids[k];
      String chosenBy = Arrays.stream(WorstCaseClientRule.values()).filter(r -> result.worstClient(r) == client)
          .map(WorstCaseClientRule::configName).collect(Collectors.joining(" "));
      csv.append(seed).append(',').append(client).append(',').append(rows.get(2 * k).forgetSize()).append(',')
          .append(rows.get(2 * k + 1).forgetLoss()).append(',').append(rows.get(2 * k).forgetLoss()).append(',')
          .append(gaps[k]).append(',').append(chosenBy).append('\n');
    }
  }

  String toCsv() {
    return csv.toString();
  }
}
