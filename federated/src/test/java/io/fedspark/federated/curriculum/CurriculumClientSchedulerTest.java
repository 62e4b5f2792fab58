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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
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

  /**
   * The reference's participations at its defaults (Curriculum-FL {@code main_fedavg_curr_lg_loss}
   * with {@code utils/client_scheduler.py} and {@code pacing_fn}: K = 100 clients, frac 0.1 so
   * m = 10 per round, client_bs = 10, 100 rounds so B = 1000, linear client pacing a = 0.8,
   * b = 0.2): {@code while nbupdate < B} builds a pool of {@code int(rate * nbupdate + 20)} clients
   * (rate = 80 / 800) and consumes it in batches of 10. Worked by hand from that code, the pools
   * are 20, 22, 24, 26, 29, 32, 35, 38, 42, 46, 51, 56, 62, 68, 75, 82, 90, 99, 100, 100: 1097
   * participations in 118 rounds (each pool takes ceil(size / 10) rounds).
   */
  @Test
  void budgetScheduleHandsOutExactlyTheReferencesParticipations() {
    int[] referencePools = {20, 22, 24, 26, 29, 32, 35, 38, 42, 46, 51, 56, 62, 68, 75, 82, 90, 99, 100, 100};
    CurriculumClientScheduler s = new CurriculumClientScheduler(clientCurriculum(Ordering.CURRICULUM), 100, 10, 100);
    assertEquals(ClientSchedule.BUDGET, s.options().schedule(), "the reference's budget is the default");
    assertEquals(118, s.plannedRounds().getAsInt());
    List<Integer> pools = new ArrayList<>();
    long participations = 0;
    for (int round = 1; round <= s.plannedRounds().getAsInt(); round++) {
      int[] cohort = step(s, round, scoresFor(round, 100));
      if (s.poolsBuilt() > pools.size()) {
        pools.add(s.poolSize());
      }
      participations += cohort.length;
    }
    assertEquals(1097, participations);
    assertEquals(1097, s.used());
    assertEquals(toList(referencePools), pools);
    assertFalse(s.needsScores(119), "the budget is spent: no more pools");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.select(119, SEED));
    assertTrue(e.getMessage().contains("budget of 1000 was spent"), e.getMessage());
  }

  @Test
  void roundsScheduleStopsAfterTheConfiguredRounds() {
    CurriculumOptions o = clientCurriculum(Ordering.RANDOM).withSchedule(ClientSchedule.ROUNDS);
    CurriculumClientScheduler s = new CurriculumClientScheduler(o, 100, 10, 100);
    assertEquals(100, s.plannedRounds().getAsInt());
    for (int round = 1; round <= 100; round++) {
      s.select(round, SEED);
    }
    assertEquals(917, s.used(), "the paced pools' partial batches leave 83 of the 1000 participations unused");
  }

  @Test
  void vanillaParticipationIsTheSameUnderBothSchedules() {
    for (ClientSchedule schedule : ClientSchedule.values()) {
      CurriculumClientScheduler s = new CurriculumClientScheduler(CurriculumOptions.vanilla().withSchedule(schedule),
          100, 10, 100);
      assertEquals(100, s.plannedRounds().getAsInt(), schedule.configName());
      for (int round = 1; round <= 100; round++) {
        s.select(round, SEED);
      }
      assertEquals(1000, s.used(), schedule.configName());
    }
    // K = 20, 3 per round, 12 rounds: B = 36; the second pass of 20 is finished, 14 rounds.
    assertEquals(14, new CurriculumClientScheduler(CurriculumOptions.vanilla(), 20, 3, 12).plannedRounds().getAsInt());
  }

  /** LOCAL_PLUS_GLOBAL: c_k = global term + local term; a client that has not trained has the global term only. */
  @Test
  void localPlusGlobalClientScoresAddTheLocalTermOfClientsThatTrained() {
    CurriculumOptions o = clientCurriculum(Ordering.CURRICULUM).withScoring(ScoringModel.LOCAL_PLUS_GLOBAL,
        ScoreKind.LOSS);
    assertTrue(o.clientScoresUseLocalModels());
    CurriculumClientScheduler s = new CurriculumClientScheduler(o, 20, 2, 20);
    float[] global = new float[20];
    java.util.Arrays.fill(global, 1f);
    // Clients 0..3 score 0.6 under the global model and trained to local terms 0.2 (0, 1) and
    // 0.6 (2, 3); clients 4.. have not trained and score 1.0. The pool of 4 takes the lowest c_k:
    // LG: 0.8, 0.8, 1.2, 1.2, 1.0... -> {0, 1, 4, 5}; global only or L alone would give {0, 1, 2, 3}.
    for (int k = 0; k < 4; k++) {
      global[k] = 0.6f;
    }
    s.recordLocalScore(0, 0.2);
    s.recordLocalScore(1, 0.2);
    s.recordLocalScore(2, 0.6);
    s.recordLocalScore(3, 0.6);
    s.provideScores(global);
    Set<Integer> pool = new HashSet<>();
    pool.addAll(toList(s.select(1, SEED)));
    pool.addAll(toList(s.select(2, SEED)));
    assertEquals(Set.of(0, 1, 4, 5), pool);
    float[] local = s.localScores();
    assertEquals(0.2f, local[0]);
    assertTrue(Float.isNaN(local[4]), "client 4 has not trained");
  }

  @Test
  void localClientScoresReplaceTheGlobalTermOfClientsThatTrained() {
    CurriculumOptions o = clientCurriculum(Ordering.ANTI_CURRICULUM).withScoring(ScoringModel.LOCAL, ScoreKind.LOSS);
    CurriculumClientScheduler s = new CurriculumClientScheduler(o, 20, 2, 20);
    float[] global = new float[20];
    java.util.Arrays.fill(global, 1f);
    global[7] = 9f; // hardest under the global model, but it trained to a local score of 0.25
    s.recordLocalScore(7, 0.25);
    s.recordLocalScore(9, 3); // hardest under its local model
    s.provideScores(global);
    Set<Integer> pool = new HashSet<>();
    pool.addAll(toList(s.select(1, SEED)));
    pool.addAll(toList(s.select(2, SEED)));
    // anti-curriculum takes the 4 highest c_k: 9 (3.0), then 1.0 for the rest by id: 0, 1, 2
    // (global only: {7, 0, 1, 2}; LG: {7, 9, 0, 1}).
    assertEquals(Set.of(9, 0, 1, 2), pool);
  }

  @Test
  void globalScoringIgnoresLocalScores() {
    CurriculumClientScheduler s = new CurriculumClientScheduler(clientCurriculum(Ordering.CURRICULUM), 10, 2, 10);
    s.recordLocalScore(3, 100);
    assertTrue(Float.isNaN(s.localScores()[3]), "GLOBAL client scores have no local term");
    CurriculumClientScheduler lg = new CurriculumClientScheduler(clientCurriculum(Ordering.CURRICULUM)
        .withScoring(ScoringModel.LOCAL_PLUS_GLOBAL, ScoreKind.LOSS), 10, 2, 10);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lg.recordLocalScore(3, Double.NaN));
    assertTrue(e.getMessage().contains("client 3 reported no local score"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> lg.recordLocalScore(10, 1));
  }

  @Test
  void localScoresSurviveACheckpoint() {
    CurriculumOptions o = clientCurriculum(Ordering.CURRICULUM).withScoring(ScoringModel.LOCAL_PLUS_GLOBAL,
        ScoreKind.LOSS);
    CurriculumClientScheduler a = new CurriculumClientScheduler(o, 10, 2, 10);
    a.recordLocalScore(4, 0.75);
    CurriculumClientScheduler b = new CurriculumClientScheduler(o, 10, 2, 10);
    b.restore(a.state());
    assertArrayEquals(a.localScores(), b.localScores());
    for (int round = 1; round <= 6; round++) {
      float[] scores = scoresFor(round, 10);
      assertArrayEquals(step(a, round, scores), step(b, round, scores), "round " + round);
    }
    long[] old = a.state();
    old[0] = 0x43555252_00000001L;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.restore(old));
    assertTrue(e.getMessage().contains("older fedspark"), e.getMessage());
  }

  /**
   * Control: with b = 1 every pool holds all K clients, whatever the ordering; since a pool's
   * clients are sorted before its seeded shuffle, curriculum, anti-curriculum, random and vanilla
   * hand out identical cohorts.
   */
  @Test
  void withFullPoolsEveryOrderingHandsOutTheSameCohorts() {
    List<List<Integer>> runs = new ArrayList<>();
    for (Ordering ordering : Ordering.values()) {
      CurriculumOptions o = new CurriculumOptions().withClientCurriculum(ordering, PacingFunction.LINEAR, 0.8, 1.0);
      CurriculumClientScheduler s = new CurriculumClientScheduler(o, 15, 4, 12);
      List<Integer> cohorts = new ArrayList<>();
      for (int round = 1; round <= s.plannedRounds().getAsInt(); round++) {
        cohorts.addAll(toList(step(s, round, scoresFor(round, 15))));
        cohorts.add(-1);
      }
      runs.add(cohorts);
    }
    for (int i = 1; i < runs.size(); i++) {
      assertEquals(runs.get(0), runs.get(i), Ordering.values()[i].configName() + " vs curriculum");
    }
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
