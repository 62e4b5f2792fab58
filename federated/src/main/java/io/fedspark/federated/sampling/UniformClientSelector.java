package io.fedspark.federated.sampling;

import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Uniform client sampling without replacement: every round, each of the C(n, k) cohorts of k of the
 * n clients is equally likely, so each client takes part with probability k / n (McMahan et al.,
 * 2017, "Communication-Efficient Learning of Deep Networks from Decentralized Data": "a random
 * fraction C of clients is selected" each round).
 *
 * <p>The draw uses Floyd's algorithm (Bentley and Floyd, 1987, "Programming Pearls: A sample of
 * brilliance", CACM 30(9)): for j = n - k, ..., n - 1, draw t uniformly from [0, j] and add t, or j
 * if t is already taken. It makes exactly k draws and keeps a set of k ids, so a round costs
 * O(k) expected time and memory (plus O(k log k) to sort the result) however many clients there
 * are. The stream is {@code seed.derive("cohort", round).random()}: the cohort of a round depends
 * only on (seed, round), so rounds can be computed in any order and a resumed run picks the same
 * cohorts. Stateless.
 */
public final class UniformClientSelector implements ClientSelector {
  /** The {@link SeedSequence#derive} purpose of the sampling stream. */
  public static final String PURPOSE = "cohort";

  private final int numClients;
  private final int clientsPerRound;

  /**
   * @param numClients n, the number of clients (ids 0 .. n - 1), >= 1
   * @param clientsPerRound k, the cohort size, in [1, n]
   */
  public UniformClientSelector(int numClients, int clientsPerRound) {
    if (numClients < 1) {
      throw new IllegalArgumentException("uniform client selector: number of clients is " + numClients + ", expected >= 1");
    }
    if (clientsPerRound < 1 || clientsPerRound > numClients) {
      throw new IllegalArgumentException(
          "uniform client selector: clients per round is " + clientsPerRound + ", expected an integer in [1, "
              + numClients + "] (the number of clients)");
    }
    this.numClients = numClients;
    this.clientsPerRound = clientsPerRound;
  }

  @Override
  public String name() {
    return "uniform";
  }

  public int numClients() {
    return numClients;
  }

  public int clientsPerRound() {
    return clientsPerRound;
  }

  @Override
  public int[] select(int round, SeedSequence seed) {
    Objects.requireNonNull(seed, "seed");
    if (round < 0) {
      throw new IllegalArgumentException("uniform client selector: round is " + round + ", expected >= 0");
    }
    return sample(numClients, clientsPerRound, seed.derive(PURPOSE, round).random());
  }

  /**
   * k distinct integers drawn uniformly from [0, n) by Floyd's algorithm, sorted ascending. A pure
   * function of (n, k) and the stream's state.
   */
  static int[] sample(int n, int k, SplittableRandom random) {
    Set<Integer> taken = new HashSet<>(Math.max(16, (int) (k / 0.75f) + 1));
    int[] out = new int[k];
    int count = 0;
    for (int j = n - k; j < n; j++) {
      int t = random.nextInt(j + 1);
      if (!taken.add(t)) {
        // t is taken; j is free, as every earlier pick is < j.
        t = j;
        taken.add(j);
      }
      out[count++] = t;
    }
    Arrays.sort(out);
    return out;
  }
}
