package io.fedspark.federated.curriculum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CurriculumClientSchedulerTest {
  private static final SeedSequence SEED = SeedSequence.root(42);

  private static CurriculumOptions clientCurriculum(Ordering ordering) {
    return new CurriculumOptions().withClientCurriculum(ordering, PacingFunction.LINEAR, 0.8, 0.2);
  }

  /** Client k scores 20 - k, so the easiest clients have the highest ids. */
  private static float[] descendingScores(int k) {
    float[] s = new float[k];
    for (int i = 0; i < k; i++) {
      s[i] = k - i;
    }
    return s;
  }

  private static int[] step(CurriculumClientScheduler s, int round, float[] scores) {
    if (s.needsScores(round)) {
      s.provideScores(scores);
    }
    return s.select(round, SEED);
  }

  @Test
  void vanillaIsAShuffledPassThroughAllClients() {
    CurriculumClientScheduler s = new CurriculumClientScheduler(CurriculumOptions.vanilla(), 20, 5, 12);
    List<int[]> cohorts = new ArrayList<>();
    for (int round = 1; round <= 12; round++) {
      assertFalse(s.needsScores(round), "vanilla never needs scores");
      int[] c = s.select(round, SEED);
      assertEquals(5, c.length);
      assertEquals(20, s.poolSize());
      cohorts.add(c);
    }
    for (int pass = 0; pass < 3; pass++) {
      Set<Integer> seen = new HashSet<>();
      for (int r = 4 * pass; r < 4 * pass + 4; r++) {
        for (int c : cohorts.get(r)) {
          assertTrue(seen.add(c), "client " + c + " twice in pass " + pass);
        }
      }
      assertEquals(20, seen.size(), "every client exactly once in pass " + pass);
    }
    assertFalse(Arrays.equals(cohorts.get(0), new int[] {0, 1, 2, 3, 4}), "shuffled, not in id order");
    assertFalse(Arrays.equals(cohorts.get(0), cohorts.get(4)), "each pass is shuffled anew");
    assertEquals(60, s.used());
    assertEquals(3, s.poolsBuilt());
  }

  @Test
  void cohortsAreSortedAndDistinct() {
    CurriculumClientScheduler s = new CurriculumClientScheduler(CurriculumOptions.vanilla(), 10, 4, 5);
    for (int round = 1; round <= 5; round++) {
      int[] c = s.select(round, SEED);
      for (int i = 1; i < c.length; i++) {
        assertTrue(c[i - 1] < c[i], Arrays.toString(c));
      }
    }
  }

  @Test
  void curriculumPicksLowScoreClientsFirst() {
    // K = 20, 2 per round, 20 rounds: B = 40; first pool g(0) = 0.2 * 20 = 4 clients.
    CurriculumClientScheduler s = new CurriculumClientScheduler(clientCurriculum(Ordering.CURRICULUM), 20, 2, 20);
    assertTrue(s.needsScores(1));
    s.provideScores(descendingScores(20));
    assertFalse(s.needsScores(1), "scores already provided");
    Set<Integer> firstPool = new HashSet<>();
    for (int round = 1; round <= 2; round++) {
      int[] c = s.select(round, SEED);
      assertEquals(4, s.poolSize());
      for (int id : c) {
        firstPool.add(id);
      }
    }
    assertEquals(Set.of(16, 17, 18, 19), firstPool, "the four lowest scores");
    // Second pool at used = 4: g(4) = 4 + 16 * 4/32 = 6 clients, re-scored: now low ids are easy.
    assertTrue(s.needsScores(3));
    float[] ascending = new float[20];
    for (int i = 0; i < 20; i++) {
      ascending[i] = i;
    }
    s.provideScores(ascending);
    Set<Integer> secondPool = new HashSet<>();
    for (int round = 3; round <= 5; round++) {
      for (int id : s.select(round, SEED)) {
        secondPool.add(id);
      }
      assertEquals(6, s.poolSize());
    }
    assertEquals(Set.of(0, 1, 2, 3, 4, 5), secondPool);
  }

  @Test
  void antiCurriculumPicksHighScoreClientsFirst() {
    CurriculumClientScheduler s = new CurriculumClientScheduler(clientCurriculum(Ordering.ANTI_CURRICULUM), 20, 2, 20);
    Set<Integer> pool = new HashSet<>();
    pool.addAll(toList(step(s, 1, descendingScores(20))));
    pool.addAll(toList(step(s, 2, descendingScores(20))));
    assertEquals(Set.of(0, 1, 2, 3), pool);
  }

  @Test
  void poolIsConsumedBeforeRescoring() {
    CurriculumClientScheduler s = new CurriculumClientScheduler(clientCurriculum(Ordering.CURRICULUM), 20, 3, 20);
    IllegalStateException missing = assertThrows(IllegalStateException.class, () -> s.select(1, SEED));
    assertTrue(missing.getMessage().contains("provideScores"), missing.getMessage());
    s.provideScores(descendingScores(20));
    s.select(1, SEED); // pool of 4: 3 taken
    assertFalse(s.needsScores(2), "one client left in the pool");
    assertThrows(IllegalStateException.class, () -> s.provideScores(descendingScores(20)));
    int[] last = s.select(2, SEED);
    assertEquals(1, last.length, "the pool's last batch is smaller, as in the reference");
    assertTrue(s.needsScores(3));
    assertEquals(4, s.used());
  }

  @Test
  void rejectsScoresOfTheWrongLength() {
    CurriculumClientScheduler s = new CurriculumClientScheduler(clientCurriculum(Ordering.CURRICULUM), 20, 3, 20);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.provideScores(new float[19]));
    assertTrue(e.getMessage().contains("got 19 client scores"), e.getMessage());
  }

  @Test
  void randomOrderingIsSeededAndNeedsNoScores() {
    CurriculumOptions o = clientCurriculum(Ordering.RANDOM);
    CurriculumClientScheduler a = new CurriculumClientScheduler(o, 30, 3, 20);
    CurriculumClientScheduler b = new CurriculumClientScheduler(o, 30, 3, 20);
    CurriculumClientScheduler c = new CurriculumClientScheduler(o, 30, 3, 20);
    boolean differs = false;
    for (int round = 1; round <= 10; round++) {
      assertFalse(a.needsScores(round));
      int[] x = a.select(round, SEED);
      assertArrayEquals(x, b.select(round, SEED));
      differs |= !Arrays.equals(x, c.select(round, SeedSequence.root(43)));
      assertEquals(a.poolSize(), b.poolSize());
    }
    assertTrue(differs, "another seed gives other cohorts");
  }

  @Test
  void selectIsIdempotentWithinARoundAndRefusesEarlierRounds() {
    CurriculumClientScheduler s = new CurriculumClientScheduler(CurriculumOptions.vanilla(), 10, 2, 10);
    int[] first = s.select(1, SEED);
    assertArrayEquals(first, s.select(1, SEED));
    assertEquals(2, s.used());
    s.select(2, SEED);
    assertThrows(IllegalStateException.class, () -> s.select(1, SEED));
  }

  @Test
  void stateRoundTripContinuesBitIdentically() {
    CurriculumOptions o = clientCurriculum(Ordering.CURRICULUM);
    CurriculumClientScheduler a = new CurriculumClientScheduler(o, 25, 3, 30);
    List<int[]> expected = new ArrayList<>();
    long[] saved = null;
    for (int round = 1; round <= 30; round++) {
      expected.add(step(a, round, scoresFor(round, 25)));
      if (round == 7) {
        saved = a.state();
      }
    }
    CurriculumClientScheduler b = new CurriculumClientScheduler(o, 25, 3, 30);
    b.restore(saved);
    assertArrayEquals(saved, b.state(), "restore then state gives the same values");
    for (int round = 8; round <= 30; round++) {
      assertArrayEquals(expected.get(round - 1), step(b, round, scoresFor(round, 25)), "round " + round);
    }
    assertArrayEquals(a.state(), b.state());
    assertTrue(a.poolsBuilt() > 3, "the run re-scored several times: " + a.poolsBuilt());
  }

  @Test
  void pendingScoresSurviveACheckpoint() {
    CurriculumOptions o = clientCurriculum(Ordering.ANTI_CURRICULUM);
    CurriculumClientScheduler a = new CurriculumClientScheduler(o, 10, 2, 10);
    a.provideScores(scoresFor(1, 10));
    long[] saved = a.state();
    CurriculumClientScheduler b = new CurriculumClientScheduler(o, 10, 2, 10);
    b.restore(saved);
    assertFalse(b.needsScores(1));
    assertArrayEquals(a.select(1, SEED), b.select(1, SEED));
  }

  @Test
  void freshStateAndEmptyStateRestore() {
    CurriculumClientScheduler s = new CurriculumClientScheduler(CurriculumOptions.vanilla(), 10, 2, 10);
    long[] fresh = s.state();
    s.select(1, SEED);
    s.restore(new long[0]);
    assertArrayEquals(fresh, s.state());
    s.restore(fresh);
    assertEquals(0, s.used());
  }

  @Test
  void restoreRejectsOtherSettingsAndGarbage() {
    CurriculumClientScheduler a = new CurriculumClientScheduler(CurriculumOptions.vanilla(), 10, 2, 10);
    a.select(1, SEED);
    long[] saved = a.state();
    CurriculumClientScheduler other = new CurriculumClientScheduler(CurriculumOptions.vanilla(), 11, 2, 10);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.restore(saved));
    assertTrue(e.getMessage().contains("made with 10 clients"), e.getMessage());
    long[] bad = saved.clone();
    bad[9] = 99; // a pool entry outside [0, 10)
    CurriculumClientScheduler same = new CurriculumClientScheduler(CurriculumOptions.vanilla(), 10, 2, 10);
    assertThrows(IllegalArgumentException.class, () -> same.restore(bad));
    assertThrows(IllegalArgumentException.class, () -> same.restore(new long[] {1, 2, 3}));
  }

  @Test
  void validatesConstruction() {
    assertThrows(IllegalArgumentException.class, () -> new CurriculumClientScheduler(CurriculumOptions.vanilla(), 5, 6, 1));
    assertThrows(IllegalArgumentException.class, () -> new CurriculumClientScheduler(CurriculumOptions.vanilla(), 5, 2, 0));
    assertEquals(200, new CurriculumClientScheduler(CurriculumOptions.vanilla(), 100, 10, 20).budget());
    assertNotEquals("", new CurriculumClientScheduler(CurriculumOptions.vanilla(), 5, 2, 1).name());
  }

  private static float[] scoresFor(int round, int k) {
    float[] s = new float[k];
    SeedSequence seq = SeedSequence.root(round);
    java.util.SplittableRandom r = seq.random();
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) r.nextDouble();
    }
    return s;
  }

  private static List<Integer> toList(int[] a) {
    List<Integer> l = new ArrayList<>();
    for (int v : a) {
      l.add(v);
    }
    return l;
  }
}
