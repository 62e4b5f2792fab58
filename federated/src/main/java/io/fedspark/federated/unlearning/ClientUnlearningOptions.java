package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link ClientUnlearning} and {@link WorstCaseClientSearch}, keys under
 * {@code unlearn.client}.
 *
 * @param fineTuneRounds r, FedAvg rounds of FT on the remaining clients, >= 1
 *     ({@code unlearn.client.ft-rounds}, default 2)
 * @param gradientAscent GA's recipe on the client's data ({@code unlearn.client.ga.*}, default
 *     5 epochs, lr 0.01, momentum 0.9, weight decay 5e-4, batch 64)
 * @param mia the membership-inference attack of the metrics ({@code unlearn.mia-feature},
 *     {@code unlearn.mia-attacker}; default confidence, svc)
 * @param searchCandidates clients the worst-case client search tries, a seeded sample; 0 means
 *     all ({@code unlearn.client.search-candidates}, default 0)
 * @param worstCaseRule how the search ranks candidates ({@code unlearn.client.worst-case-rule}, default
 *     forget-loss, the paper's objective)
 */
public record ClientUnlearningOptions(int fineTuneRounds, TrainingOptions gradientAscent, MiaOptions mia,
    int searchCandidates, WorstCaseClientRule worstCaseRule) implements Serializable {
  /** {@code unlearn.client.ft-rounds}: FedAvg rounds of FT on the remaining clients. */
  public static final Setting<Integer> FINE_TUNE_ROUNDS = Setting.integer("unlearn.client.ft-rounds", 2, 1);
  /** {@code unlearn.client.ga.*}: gradient ascent on the client's data, 5 epochs at 0.01. */
  public static final TrainingOptions.Keys GRADIENT_ASCENT =
      TrainingOptions.keys(TrainingOptions.constant("unlearn.client.ga", 5, 0.01f), false);
  /** {@code unlearn.client.search-candidates}: a seeded sample of candidates (0: all). */
  public static final Setting<Integer> SEARCH_CANDIDATES = Setting.integer("unlearn.client.search-candidates", 0, 0);
  /** {@code unlearn.client.worst-case-rule}: forget-loss (the paper's objective) | ft-gap. */
  public static final Setting<WorstCaseClientRule> WORST_CASE_RULE = Setting.choice("unlearn.client.worst-case-rule",
      WorstCaseClientRule.class, WorstCaseClientRule.FORGET_LOSS);

  public ClientUnlearningOptions {
    FINE_TUNE_ROUNDS.check(fineTuneRounds);
    Objects.requireNonNull(gradientAscent, "gradientAscent");
    Objects.requireNonNull(mia, "mia");
    SEARCH_CANDIDATES.check(searchCandidates);
    WORST_CASE_RULE.check(worstCaseRule);
  }

  /** The defaults of every key. */
  public ClientUnlearningOptions() {
    this(ConfigView.defaults());
  }

  /** The keys under {@code unlearn.client} (and the MIA keys) in {@code c}. */
  public ClientUnlearningOptions(ConfigView c) {
    this(c.get(FINE_TUNE_ROUNDS), GRADIENT_ASCENT.read(c), MiaOptions.from(c), c.get(SEARCH_CANDIDATES),
        c.get(WORST_CASE_RULE));
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
