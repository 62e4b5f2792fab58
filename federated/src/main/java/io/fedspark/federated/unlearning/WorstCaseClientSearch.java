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
    int[] candidates = candidates(seed);
    double[] gaps = new double[candidates.length];
    List<UnlearningScores> retrain = new ArrayList<>();
    List<UnlearningScores> fineTune = new ArrayList<>();
    for (int k = 0; k < candidates.length; k++) {
      int c = candidates[k];
      UnlearningScores r = unlearning.score(unlearning.unlearn(ClientUnlearningMethod.RETRAIN, global, c), global, c);
      UnlearningScores f = unlearning.score(unlearning.unlearn(ClientUnlearningMethod.FINE_TUNE, global, c), global, c);
      retrain.add(r);
      fineTune.add(f);
      gaps[k] = f.averageGap(r);
    }
    return new ClientSearchResult(candidates[worstIndex(gaps)], candidates, gaps, retrain, fineTune);
  }

  /**
   * The candidate clients in the order they are evaluated: all clients, or a seeded sample of
   * {@link ClientUnlearningOptions#searchCandidates()}, drawn from {@code seed.derive("candidates")}.
   * A distributed search evaluates these independently and picks with {@link #worstIndex}.
   */
  public int[] candidates(SeedSequence seed) {
    Objects.requireNonNull(seed, "seed");
    int n = unlearning.setup().numClients();
    int wanted = unlearning.options().searchCandidates();
    return ForgetSets.random(n, wanted == 0 || wanted >= n ? n : wanted, seed.derive("candidates"));
  }

  /** The position of the largest gap, the first on ties. */
  public static int worstIndex(double[] gaps) {
    if (gaps.length == 0) {
      throw new IllegalArgumentException("no candidate clients");
    }
    int worst = 0;
    for (int k = 1; k < gaps.length; k++) {
      if (gaps[k] > gaps[worst]) {
        worst = k;
      }
    }
    return worst;
  }
}
