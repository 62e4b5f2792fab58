package io.fedspark.federated.unlearning;

import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The worst-case client to forget, the federated analogue of the worst-case forget set of Fan et
 * al., "Challenging Forgets" (ECCV 2024): among the candidate clients (all, or a seeded sample of
 * {@link ClientUnlearningOptions#searchCandidates()} drawn from {@code seed.derive("candidates")}),
 * the one whose removal the cheap method, FT for r rounds on the remaining clients, imitates
 * worst, i.e. with the largest average gap to retraining without it over UA, MIA-efficacy, RA and
 * TA ({@link UnlearningScores#averageGap}).
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
    Objects.requireNonNull(seed, "seed");
    int n = unlearning.setup().numClients();
    int wanted = unlearning.options().searchCandidates();
    int[] candidates = wanted == 0 || wanted >= n
        ? ForgetSets.random(n, n, seed.derive("candidates"))
        : ForgetSets.random(n, wanted, seed.derive("candidates"));
    double[] gaps = new double[candidates.length];
    List<UnlearningScores> retrain = new ArrayList<>();
    List<UnlearningScores> fineTune = new ArrayList<>();
    int worst = -1;
    for (int k = 0; k < candidates.length; k++) {
      int c = candidates[k];
      UnlearningScores r = unlearning.score(unlearning.unlearn(ClientUnlearningMethod.RETRAIN, global, c), global, c);
      UnlearningScores f = unlearning.score(unlearning.unlearn(ClientUnlearningMethod.FINE_TUNE, global, c), global, c);
      retrain.add(r);
      fineTune.add(f);
      gaps[k] = f.averageGap(r);
      if (worst < 0 || gaps[k] > gaps[worst]) {
        worst = k;
      }
    }
    return new ClientSearchResult(candidates[worst], candidates, gaps, retrain, fineTune);
  }
}
