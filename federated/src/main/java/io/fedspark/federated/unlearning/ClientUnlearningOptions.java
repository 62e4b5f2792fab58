package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

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
 * @param miaFeature the membership attacker's feature ({@value #MIA_FEATURE}, default confidence)
 * @param searchCandidates clients the worst-case client search tries, a seeded sample; 0 means
 *     all ({@value #SEARCH_CANDIDATES}, default 0)
 */
public record ClientUnlearningOptions(int fineTuneRounds, TrainingOptions gradientAscent, MiaFeature miaFeature,
    int searchCandidates) implements Serializable {
  /** {@code unlearn.client.ft-rounds}: FedAvg rounds of FT on the remaining clients. */
  public static final Setting<Integer> FINE_TUNE_ROUNDS = Setting.integer("unlearn.client.ft-rounds", 2, 1);
  /** {@code unlearn.client.ga.*}: gradient ascent on the client's data, 5 epochs at 0.01. */
  public static final TrainingOptions.Keys GRADIENT_ASCENT =
      TrainingOptions.keys(TrainingOptions.constant("unlearn.client.ga", 5, 0.01f), false);
  /** {@code unlearn.client.search-candidates}: a seeded sample of candidates (0: all). */
  public static final Setting<Integer> SEARCH_CANDIDATES = Setting.integer("unlearn.client.search-candidates", 0, 0);

  public ClientUnlearningOptions {
    FINE_TUNE_ROUNDS.check(fineTuneRounds);
    Objects.requireNonNull(gradientAscent, "gradientAscent");
    MembershipInferenceAttack.FEATURE.check(miaFeature);
    SEARCH_CANDIDATES.check(searchCandidates);
  }

  /** The defaults of every key. */
  public ClientUnlearningOptions() {
    this(ConfigView.defaults());
  }

  /** The keys under {@code unlearn.client} (and {@code unlearn.mia-feature}) in {@code c}. */
  public ClientUnlearningOptions(ConfigView c) {
    this(c.get(FINE_TUNE_ROUNDS), GRADIENT_ASCENT.read(c), c.get(MembershipInferenceAttack.FEATURE),
        c.get(SEARCH_CANDIDATES));
  }

  public ClientUnlearningOptions withFineTuneRounds(int value) {
    return new ClientUnlearningOptions(value, gradientAscent, miaFeature, searchCandidates);
  }

  public ClientUnlearningOptions withGradientAscent(TrainingOptions value) {
    return new ClientUnlearningOptions(fineTuneRounds, value, miaFeature, searchCandidates);
  }

  public ClientUnlearningOptions withMiaFeature(MiaFeature value) {
    return new ClientUnlearningOptions(fineTuneRounds, gradientAscent, value, searchCandidates);
  }

  public ClientUnlearningOptions withSearchCandidates(int value) {
    return new ClientUnlearningOptions(fineTuneRounds, gradientAscent, miaFeature, value);
  }
}
