package io.fedspark.federated.unlearning;

import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link ClientUnlearning} and {@link WorstCaseClientSearch}, keys under
 * {@value #PREFIX}.
 *
 * @param fineTuneRounds r, FedAvg rounds of FT on the remaining clients, >= 1
 *     ({@value #FINE_TUNE_ROUNDS}, default 2)
 * @param gradientAscent GA's recipe on the client's data ({@code unlearn.client.ga.*}, default
 *     5 epochs, lr 0.01, momentum 0.9, weight decay 5e-4, batch 64)
 * @param mia the membership-inference attack of the metrics ({@value MiaOptions#FEATURE},
 *     {@value MiaOptions#ATTACKER}; default confidence, svc)
 * @param searchCandidates clients the worst-case client search tries, a seeded sample; 0 means
 *     all ({@value #SEARCH_CANDIDATES}, default 0)
 * @param worstCaseRule how the search ranks candidates ({@value #WORST_CASE_RULE}, default
 *     forget-loss, the paper's objective)
 */
public record ClientUnlearningOptions(int fineTuneRounds, TrainingOptions gradientAscent, MiaOptions mia,
    int searchCandidates, WorstCaseClientRule worstCaseRule) implements Serializable {
  public static final String PREFIX = "unlearn.client.";
  public static final String FINE_TUNE_ROUNDS = "unlearn.client.ft-rounds";
  public static final String SEARCH_CANDIDATES = "unlearn.client.search-candidates";
  public static final String WORST_CASE_RULE = "unlearn.client.worst-case-rule";

  public ClientUnlearningOptions {
    TrainingOptions.check(fineTuneRounds >= 1, FINE_TUNE_ROUNDS, fineTuneRounds, "an integer >= 1");
    Objects.requireNonNull(gradientAscent, "gradientAscent");
    Objects.requireNonNull(mia, "mia");
    TrainingOptions.check(searchCandidates >= 0, SEARCH_CANDIDATES, searchCandidates, "an integer >= 0 (0: all)");
    if (worstCaseRule == null) {
      throw new IllegalArgumentException(WORST_CASE_RULE + " is missing, expected forget-loss or ft-gap");
    }
  }

  public ClientUnlearningOptions() {
    this(2, TrainingOptions.constant("unlearn.client.ga", 5, 0.01f), new MiaOptions(), 0,
        WorstCaseClientRule.FORGET_LOSS);
  }

  public ClientUnlearningOptions withFineTuneRounds(int value) {
    return new ClientUnlearningOptions(value, gradientAscent, mia, searchCandidates, worstCaseRule);
  }

  public ClientUnlearningOptions withGradientAscent(TrainingOptions value) {
    return new ClientUnlearningOptions(fineTuneRounds, value, mia, searchCandidates, worstCaseRule);
  }

  public ClientUnlearningOptions withMia(MiaOptions value) {
    return new ClientUnlearningOptions(fineTuneRounds, gradientAscent, value, searchCandidates, worstCaseRule);
  }

  public ClientUnlearningOptions withSearchCandidates(int value) {
    return new ClientUnlearningOptions(fineTuneRounds, gradientAscent, mia, value, worstCaseRule);
  }

  public ClientUnlearningOptions withWorstCaseRule(WorstCaseClientRule value) {
    return new ClientUnlearningOptions(fineTuneRounds, gradientAscent, mia, searchCandidates, value);
  }
}
