package io.fedspark.federated.unlearning;

import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The worst-case client to forget, the federated analogue of the worst-case forget set of Fan et
 * al., "Challenging Forgets" (ECCV 2024): among the candidate clients (all, or a seeded sample of
 * {@link ClientUnlearningOptions#searchCandidates()} drawn from {@code seed.derive("candidates")}),
 * each evaluated by retraining without it and by the cheap method, FT for r rounds on the
 * remaining clients, the one {@link ClientUnlearningOptions#worstCaseRule()} ranks worst: by
 * default the paper's objective, the lowest forget loss after unlearning (the client hardest to
 * forget, {@link WorstCaseClientRule#FORGET_LOSS}); or the largest gap of FT to retraining
 * ({@link WorstCaseClientRule#FT_GAP}). The result carries what both rules need, so both choices
 * are reported.
 *
 * <p>This is exhaustive evaluation, not a bi-level optimisation: a client is one indivisible
 * block, so the relaxation of the data-level search does not apply. Cost per candidate: one
 * retraining ({@code rounds} FedAvg rounds on n-1 clients), r FT rounds and two metric passes,
 * so about {@code C * (rounds + r)} rounds for C candidates: C times the original run. Sample
 * candidates for large federations.
 */
public final class WorstCaseClientSearch {
  private final ClientUnlearning unlearning;

  public WorstCaseClientSearch(ClientUnlearning unlearning) {
    this.unlearning = Objects.requireNonNull(unlearning, "unlearning");
  }

  /**
   * Evaluates the candidates and returns the worst.
   *
   * @param global the trained global model of the original run
   */
  public ClientSearchResult search(float[] global, SeedSequence seed) {
    int[] candidates = candidates(seed);
    List<UnlearningScores> retrain = new ArrayList<>();
    List<UnlearningScores> fineTune = new ArrayList<>();
    for (int k = 0; k < candidates.length; k++) {
      int c = candidates[k];
      UnlearningScores r = unlearning.score(unlearning.unlearn(ClientUnlearningMethod.RETRAIN, global, c), global, c);
      UnlearningScores f = unlearning.score(unlearning.unlearn(ClientUnlearningMethod.FINE_TUNE, global, c), global, c);
      retrain.add(r);
      fineTune.add(f);
    }
    WorstCaseClientRule rule = unlearning.options().worstCaseRule();
    return new ClientSearchResult(rule, candidates[rule.worstIndex(retrain, fineTune)], candidates, retrain, fineTune);
  }

  /**
   * The candidate clients in the order they are evaluated: all clients, or a seeded sample of
   * {@link ClientUnlearningOptions#searchCandidates()}, drawn from {@code seed.derive("candidates")}.
   * A distributed search evaluates these independently and picks with
   * {@link WorstCaseClientRule#worstIndex}.
   */
  public int[] candidates(SeedSequence seed) {
    return candidates(unlearning.setup().numClients(), unlearning.options().searchCandidates(), seed);
  }

  /**
   * The candidates of a federation of {@code numClients} clients when {@code wanted} are searched
   * (0: all): what {@link #candidates(SeedSequence)} gives, without the federation's data.
   */
  public static int[] candidates(int numClients, int wanted, SeedSequence seed) {
    Objects.requireNonNull(seed, "seed");
    return ForgetSets.random(numClients, wanted == 0 || wanted >= numClients ? numClients : wanted,
        seed.derive("candidates"));
  }

}
