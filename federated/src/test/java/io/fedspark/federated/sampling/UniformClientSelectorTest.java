package io.fedspark.federated.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("line-independent")
class UniformClientSelectorTest {
  private static final SeedSequence SEED = SeedSequence.root(42);

  private static void assertValidCohort(int[] cohort, int n, int k) {
    assertEquals(k, cohort.length);
    for (int i = 0; i < cohort.length; i++) {
      int id = cohort[i];
      assertTrue(id >= 0 && id < n, () -> "id " + id + " out of [0, " + n + ")");
      if (i > 0 && cohort[i - 1] >= id) {
        fail("not sorted and distinct at index " + i + ": " + Arrays.toString(cohort));
      }
    }
  }

  @Test
  void cohortsAreDistinctSortedAndInRange() {
    int[][] shapes = {{1, 1}, {2, 1}, {2, 2}, {10, 3}, {10, 10}, {100, 99}, {10_000, 100}, {10_000, 10_000}};
    for (int[] nk : shapes) {
      UniformClientSelector s = new UniformClientSelector(nk[0], nk[1]);
      for (int round = 0; round <= 30; round++) {
        assertValidCohort(s.select(round, SEED), nk[0], nk[1]);
      }
    }
    int[] all = new UniformClientSelector(5, 5).select(1, SEED);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, all);
  }

  @Test
  void sameSeedAndRoundGiveTheSameCohortWhateverWasComputedBefore() {
    UniformClientSelector a = new UniformClientSelector(1000, 50);
    int[] r7 = a.select(7, SEED);
    a.select(3, SEED);
    a.select(8, SeedSequence.root(1));
    assertArrayEquals(r7, a.select(7, SEED));
    assertArrayEquals(r7, new UniformClientSelector(1000, 50).select(7, SeedSequence.root(42)));
    // the stream is seed.derive("cohort", round): pinned so a refactoring cannot silently change cohorts
    assertArrayEquals(UniformClientSelector.sample(1000, 50, SEED.derive("cohort", 7).random()), r7);
  }

  @Test
  void cohortsDifferAcrossRoundsAndSeeds() {
    UniformClientSelector s = new UniformClientSelector(10_000, 100);
    Set<String> seen = new HashSet<>();
    for (int round = 1; round <= 50; round++) {
      seen.add(Arrays.toString(s.select(round, SEED)));
    }
    // two equal cohorts of 100 out of 10,000 have probability about 1/C(10000, 100): never
    assertEquals(50, seen.size());
    assertFalse(Arrays.equals(s.select(1, SeedSequence.root(42)), s.select(1, SeedSequence.root(43))));
  }

  @Test
  void inclusionFrequencyIsUniform() {
    // n = 20, k = 5, R = 20,000 rounds: each client is expected in R k / n = 5,000 cohorts.
    // Per round the inclusion indicators have variance p(1 - p), p = k / n, and covariance
    // -p(1 - p) / (n - 1), so Q = sum_i (O_i - E)^2 / (R p (1 - p) n / (n - 1)) is chi-square with
    // n - 1 = 19 degrees of freedom. Bounds: its 0.1% and 99.9% quantiles, 5.41 and 43.82 (the
    // lower bound also rejects a too-even scheme such as round robin, which gives Q = 0).
    int n = 20;
    int k = 5;
    int rounds = 20_000;
    UniformClientSelector s = new UniformClientSelector(n, k);
    long[] counts = new long[n];
    for (int round = 1; round <= rounds; round++) {
      for (int c : s.select(round, SEED)) {
        counts[c]++;
      }
    }
    double p = (double) k / n;
    double expected = (double) rounds * k / n;
    double scale = rounds * p * (1 - p) * n / (n - 1);
    double q = 0;
    for (long o : counts) {
      q += (o - expected) * (o - expected) / scale;
    }
    assertTrue(q > 5.41 && q < 43.82, "chi-square(19) statistic " + q + " for counts " + Arrays.toString(counts));
  }

  @Test
  void everySubsetIsEquallyLikely() {
    // n = 5, k = 2: the 10 possible cohorts each have probability 1/10; over R = 20,000 rounds the
    // counts are multinomial and sum (O - 2000)^2 / 2000 is chi-square with 9 degrees of freedom;
    // bounds are its 0.1% and 99.9% quantiles, 1.15 and 27.88. Catches a sampler that is uniform per
    // client but not per cohort.
    UniformClientSelector s = new UniformClientSelector(5, 2);
    Map<String, Integer> counts = new HashMap<>();
    int rounds = 20_000;
    for (int round = 1; round <= rounds; round++) {
      counts.merge(Arrays.toString(s.select(round, SEED)), 1, Integer::sum);
    }
    assertEquals(10, counts.size());
    double expected = rounds / 10.0;
    double q = 0;
    for (int o : counts.values()) {
      q += (o - expected) * (o - expected) / expected;
    }
    assertTrue(q > 1.15 && q < 27.88, "chi-square(9) statistic " + q + " for " + counts);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a benchmark (about 1 s)
  void tenThousandClientsManyRounds() {
    UniformClientSelector s = new UniformClientSelector(10_000, 100);
    long sum = 0;
    for (int round = 1; round <= 10_000; round++) {
      sum += s.select(round, SEED)[0];
    }
    assertTrue(sum > 0);
  }

  @Test
  void workDoesNotGrowWithTheNumberOfClients() {
    // with 2^31 - 1 clients, anything proportional to n (an id array, a shuffle) would need 8 GB and
    // seconds; Floyd's algorithm touches only the k picks
    UniformClientSelector s = new UniformClientSelector(Integer.MAX_VALUE, 1000);
    for (int round = 1; round <= 100; round++) {
      assertValidCohort(s.select(round, SEED), Integer.MAX_VALUE, 1000);
    }
  }

  @Test
  void invalidSettingsAreExplained() {
    assertEquals("uniform client selector: clients per round is 11, expected an integer in [1, 10] (the number of clients)",
        assertThrows(IllegalArgumentException.class, () -> new UniformClientSelector(10, 11)).getMessage());
    assertEquals("uniform client selector: clients per round is 0, expected an integer in [1, 10] (the number of clients)",
        assertThrows(IllegalArgumentException.class, () -> new UniformClientSelector(10, 0)).getMessage());
    assertEquals("uniform client selector: number of clients is 0, expected >= 1",
        assertThrows(IllegalArgumentException.class, () -> new UniformClientSelector(0, 0)).getMessage());
    UniformClientSelector s = new UniformClientSelector(10, 2);
    assertEquals("uniform client selector: round is -1, expected >= 0",
        assertThrows(IllegalArgumentException.class, () -> s.select(-1, SEED)).getMessage());
  }

  @Test
  void isStateless() {
    UniformClientSelector s = new UniformClientSelector(10, 2);
    assertEquals("uniform", s.name());
    assertEquals(0, s.state().length);
    s.restore(new long[0]);
    assertThrows(IllegalArgumentException.class, () -> s.restore(new long[] {1L}));
  }
}
