package io.fedspark.federated.curriculum;

import io.fedspark.math.random.Permutations;
import io.fedspark.federated.sampling.ClientSelector;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-level curriculum of Vahidian et al., "When Do Curricula Work in Federated
 * Learning?" (ICCV 2023), as a {@link ClientSelector}:
 * <pre>
 *   budget B = rounds * clientsPerRound; used = 0
 *   while used &lt; B:
 *     c_k = mean score of client k's data under the scoring model, for all K clients
 *     order clients by c_k (curriculum ascending, anti descending, random shuffle)
 *     pool = first g_client(used; a_c, b_c, T = B, N = K) clients of that order; shuffle pool
 *     for each batch S of clientsPerRound clients of the pool:   (one batch = one round)
 *       train S, aggregate; used += |S|
 * </pre>
 * The pool is consumed before clients are re-scored; its last batch may be smaller than
 * {@code clientsPerRound}, as in the reference. With VANILLA client ordering (step pacing
 * {@code a = 1, b = 1}) every pool holds all K clients, so participation is a shuffled pass
 * through all clients: each exactly once per {@code K / clientsPerRound} rounds.
 *
 * <p><b>Length</b> ({@link ClientSchedule}): with BUDGET the scheduler runs the reference's loop to
 * its end, so the last pool is consumed even past B and the run takes {@link #plannedRounds()}
 * rounds (pool sizes depend only on the participations used, so that number is known from the
 * settings); with ROUNDS it hands out exactly {@code rounds} cohorts and stops within a pool.
 *
 * <p><b>Client scores</b> (as the reference's {@code ClientScheduler.scoring_func}): {@code c_k}
 * is the mean score under the global model (or the expert), plus, for LOCAL_PLUS_GLOBAL, the mean
 * score under client k's own last local model; for LOCAL, the local term alone. A client that
 * has not trained yet has no local model and scores with the global term alone, in both cases.
 * The engine reports the local terms after each round ({@link #recordLocalScore}) and hands the
 * global terms to {@link #provideScores}, which adds them up.
 *
 * <p><b>Scores</b>: the engine asks {@link #needsScores(int)} before {@link #select} and, if true,
 * computes {@code c_k} for all K clients (e.g. {@link ExampleScorer#meanScore}) and hands them to
 * {@link #provideScores(float[])}. Only CURRICULUM and ANTI_CURRICULUM client orderings need
 * scores, and only when a new pool is built, so the cost of scoring every client is paid once per
 * pool.
 *
 * <p><b>Randomness</b>: pool {@code p} (0-based) is ordered (RANDOM, VANILLA) with
 * {@code seed.derive("client-order", p)}; its clients, sorted by id, are then shuffled with
 * {@code seed.derive("client-pool", p)}, where {@code seed} is the run's root seed sequence passed
 * to {@link #select}. Sorting first makes the cohorts depend on which clients the ordering put in
 * the pool, not on their rank (the reference shuffles {@code order[:g]}, the same distribution),
 * so orderings with the same pools (e.g. {@code b = 1}: every pool holds all clients) hand out
 * the same cohorts.
 *
 * <p><b>State</b>: {@link #state()} captures everything that changes (participations used, pool
 * number, the pool and the position in it, the last round and cohort, scores provided but not yet
 * used, and the clients' local scores) as 64-bit integers; {@link #restore(long[])} into a
 * scheduler with the same settings continues bit-identically. {@link #select} is idempotent within
 * a round (asking again for the last round returns the same cohort) and refuses earlier rounds.
 * Not thread-safe.
 */
public final class CurriculumClientScheduler implements ClientSelector {
  private static final Logger LOG = LoggerFactory.getLogger(CurriculumClientScheduler.class);
  /** First word of {@link #state()}: identifies the format. */
  private static final long STATE_TAG = 0x43555252_00000002L;
  /** The tag of the format before local scores were kept (not readable any more). */
  private static final long OLD_STATE_TAG = 0x43555252_00000001L;
  private static final int HEADER = 8;

  private final CurriculumOptions options;
  private final int numClients;
  private final int clientsPerRound;
  private final int rounds;
  private final long budget;
  private final int plannedRounds;

  private long used;
  private int poolIndex;
  private int[] pool;
  private int position;
  private int lastRound = -1;
  private int[] lastCohort;
  private float[] pendingScores;
  /** Mean score of each client under its last local model, NaN if it has none; null until the first. */
  private float[] localScores;

  /**
   * @param options the client ordering and pacing ({@code clientOrdering}, {@code clientPacing},
   *     {@code clientA}, {@code clientB}), the scoring model and the schedule; the data-level
   *     settings are not used here
   * @param numClients K, >= 1
   * @param clientsPerRound cohort size, in [1, K]
   * @param rounds the configured rounds, >= 1: the budget is {@code rounds * clientsPerRound},
   *     and with the ROUNDS schedule the number of rounds
   */
  public CurriculumClientScheduler(CurriculumOptions options, int numClients, int clientsPerRound, int rounds) {
    this.options = Objects.requireNonNull(options, "options");
    if (numClients < 1) {
      throw new IllegalArgumentException("curriculum client scheduler: number of clients is " + numClients
          + ", expected >= 1");
    }
    if (clientsPerRound < 1 || clientsPerRound > numClients) {
      throw new IllegalArgumentException("curriculum client scheduler: clients per round is " + clientsPerRound
          + ", expected an integer in [1, " + numClients + "] (the number of clients)");
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("curriculum client scheduler: rounds is " + rounds + ", expected >= 1");
    }
    this.numClients = numClients;
    this.clientsPerRound = clientsPerRound;
    this.rounds = rounds;
    this.budget = (long) rounds * clientsPerRound;
    this.plannedRounds = options.schedule() == ClientSchedule.ROUNDS ? rounds : budgetRounds();
  }

  /**
   * Rounds of the BUDGET schedule: pools of {@code g_client(used)} clients, each consumed in
   * batches of {@code clientsPerRound}, until {@code used >= B}. A pool's size depends only on
   * {@code used}, never on the scores, so this is known before the run.
   */
  private int budgetRounds() {
    long used = 0;
    long count = 0;
    while (used < budget) {
      int size = options.clientPoolSize(used, budget, numClients);
      count += (size + clientsPerRound - 1) / clientsPerRound;
      used += size;
    }
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("curriculum client scheduler: the participation budget of " + budget
          + " takes " + count + " rounds, more than " + Integer.MAX_VALUE);
    }
    return (int) count;
  }

  @Override
  public String name() {
    return "curriculum";
  }

  public CurriculumOptions options() {
    return options;
  }

  public int numClients() {
    return numClients;
  }

  public int clientsPerRound() {
    return clientsPerRound;
  }

  /** The participation budget B = rounds * clientsPerRound. */
  public long budget() {
    return budget;
  }

  /**
   * The number of rounds this scheduler hands out: the configured rounds (ROUNDS schedule), or
   * the rounds the reference's loop takes to spend the budget (BUDGET schedule).
   */
  @Override
  public OptionalInt plannedRounds() {
    return OptionalInt.of(plannedRounds);
  }

  /** Participations handed out so far (the pacing step of the next pool). */
  public long used() {
    return used;
  }

  /** Size of the current pool (the one the last cohort came from), 0 before the first round. */
  public int poolSize() {
    return pool == null ? 0 : pool.length;
  }

  /** Number of pools built so far. */
  public int poolsBuilt() {
    return poolIndex;
  }

  /**
   * Whether {@link #select}{@code (round, ...)} will build a new pool from client scores that
   * have not been provided yet: the engine must then call {@link #provideScores} first.
   */
  public boolean needsScores(int round) {
    return round != lastRound && options.needsClientScores() && poolUsedUp() && pendingScores == null
        && !budgetSpent();
  }

  /** Whether the BUDGET schedule has ended: the budget is used and the last pool consumed. */
  private boolean budgetSpent() {
    return options.schedule() == ClientSchedule.BUDGET && poolUsedUp() && used >= budget;
  }

  /**
   * Records the mean score of client {@code clientId}'s data under the local model it has just
   * trained (the L term of LOCAL and LOCAL_PLUS_GLOBAL client scores); a later call for the same
   * client replaces it. Ignored unless the client ordering uses scores under local models.
   *
   * @throws IllegalArgumentException if the client id is out of range or the score is NaN
   */
  public void recordLocalScore(int clientId, double score) {
    if (!options.clientScoresUseLocalModels()) {
      return;
    }
    if (clientId < 0 || clientId >= numClients) {
      throw new IllegalArgumentException("curriculum client scheduler: local score of client " + clientId
          + ", expected an id in [0, " + numClients + ")");
    }
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("curriculum client scheduler: client " + clientId + " reported no local score"
          + " (NaN), but the " + options.scoringModel().configName() + " scoring model scores clients under their"
          + " local models");
    }
    if (localScores == null) {
      localScores = new float[numClients];
      Arrays.fill(localScores, Float.NaN);
    }
    localScores[clientId] = (float) score;
  }

  /**
   * The recorded local terms by client id (a copy; NaN for a client without a local model, and all
   * NaN unless the scoring model is LOCAL or LOCAL_PLUS_GLOBAL with a scored client ordering).
   */
  public float[] localScores() {
    if (localScores == null) {
      float[] none = new float[numClients];
      Arrays.fill(none, Float.NaN);
      return none;
    }
    return localScores.clone();
  }

  /**
   * The scores of the clients under the global model (or the expert) for the next pool, indexed
   * by client id (copied); with LOCAL or LOCAL_PLUS_GLOBAL scoring the recorded local terms are
   * combined with them into {@code c_k} (see the type's comment). NaN sorts as the hardest score
   * ({@code Float.compare} order).
   *
   * @throws IllegalArgumentException if there is not one score per client
   * @throws IllegalStateException if the current pool is not used up (scores would go stale)
   */
  public void provideScores(float[] perClientScore) {
    Objects.requireNonNull(perClientScore, "perClientScore");
    if (perClientScore.length != numClients) {
      throw new IllegalArgumentException("curriculum client scheduler: got " + perClientScore.length
          + " client scores, expected one per client (" + numClients + ")");
    }
    if (!poolUsedUp()) {
      throw new IllegalStateException("curriculum client scheduler: scores provided while pool #" + poolIndex
          + " still has " + (pool.length - position) + " clients; clients are re-scored only when the pool is used"
          + " up (ask needsScores(round) first)");
    }
    pendingScores = clientScores(perClientScore);
  }

  /** c_k from the global (or expert) terms and the recorded local terms. */
  private float[] clientScores(float[] globalTerms) {
    float[] c = globalTerms.clone();
    if (localScores == null) {
      return c;
    }
    for (int k = 0; k < numClients; k++) {
      float local = localScores[k];
      if (!Float.isNaN(local)) {
        c[k] = options.scoringModel() == ScoringModel.LOCAL ? local : c[k] + local;
      }
    }
    return c;
  }

  @Override
  public int[] select(int round, SeedSequence seed) {
    Objects.requireNonNull(seed, "seed");
    if (round < 0) {
      throw new IllegalArgumentException("curriculum client scheduler: round is " + round + ", expected >= 0");
    }
    if (round == lastRound) {
      return lastCohort.clone();
    }
    if (round < lastRound) {
      throw new IllegalStateException("curriculum client scheduler: round " + round + " requested after round "
          + lastRound + "; restore an earlier state to go back");
    }
    if (budgetSpent()) {
      throw new IllegalStateException("curriculum client scheduler: round " + round + " requested after the"
          + " participation budget of " + budget + " was spent (" + used + " participations in " + plannedRounds
          + " rounds, federate.curriculum.schedule = budget)");
    }
    if (poolUsedUp()) {
      buildPool(round, seed);
    }
    int take = Math.min(clientsPerRound, pool.length - position);
    int[] cohort = Arrays.copyOfRange(pool, position, position + take);
    Arrays.sort(cohort);
    position += take;
    used += take;
    lastRound = round;
    lastCohort = cohort;
    LOG.info("round {}: {} clients from client pool #{} of size {} ({} left in the pool; {} of {} participations"
        + " used)", round, take, poolIndex - 1, pool.length, pool.length - position, used, budget);
    return cohort.clone();
  }

  private boolean poolUsedUp() {
    return pool == null || position >= pool.length;
  }

  private void buildPool(int round, SeedSequence seed) {
    if (options.needsClientScores() && pendingScores == null) {
      throw new IllegalStateException("curriculum client scheduler: round " + round + " starts client pool #"
          + poolIndex + " and the " + options.clientOrdering().configName() + " client ordering needs fresh scores"
          + " of all " + numClients + " clients; call provideScores(...) first (needsScores(" + round
          + ") is true)");
    }
    float[] scores = options.needsClientScores() ? pendingScores : new float[numClients];
    int[] order = options.clientOrdering().order(scores, seed.derive("client-order", poolIndex).random());
    int size = options.clientPoolSize(used, budget, numClients);
    int[] next = Arrays.copyOf(order, size);
    Arrays.sort(next);
    Permutations.shuffle(next, seed.derive("client-pool", poolIndex).random());
    pool = next;
    position = 0;
    pendingScores = null;
    poolIndex++;
    LOG.info("round {}: client pool #{}: the first {} of {} clients in {} order (g_client({}; a={}, b={}, T={},"
        + " N={}) with {} pacing)", round, poolIndex - 1, size, numClients,
        options.clientOrdering().configName(), used, options.clientA(), options.clientB(), budget, numClients,
        options.clientPacing().configName());
  }

  /**
   * The scheduler's state as 64-bit integers: a format tag, K, clientsPerRound, rounds, used,
   * pools built, position in the pool, last round, then the pool, the last cohort, the pending
   * scores and the local scores (float bits), each preceded by its length (-1 for none).
   */
  @Override
  public long[] state() {
    int poolLength = pool == null ? 0 : pool.length;
    int cohortLength = lastCohort == null ? 0 : lastCohort.length;
    int scoresLength = pendingScores == null ? 0 : pendingScores.length;
    int localLength = localScores == null ? 0 : localScores.length;
    long[] s = new long[HEADER + 4 + poolLength + cohortLength + scoresLength + localLength];
    s[0] = STATE_TAG;
    s[1] = numClients;
    s[2] = clientsPerRound;
    s[3] = rounds;
    s[4] = used;
    s[5] = poolIndex;
    s[6] = position;
    s[7] = lastRound;
    int at = HEADER;
    at = putInts(s, at, pool);
    at = putInts(s, at, lastCohort);
    at = putFloats(s, at, pendingScores);
    putFloats(s, at, localScores);
    return s;
  }

  /**
   * Restores a {@link #state()} of a scheduler with the same number of clients, clients per round
   * and rounds; an empty state resets to a fresh scheduler.
   *
   * @throws IllegalArgumentException if the state is malformed or was made with other settings
   */
  @Override
  public void restore(long[] state) {
    Objects.requireNonNull(state, "state");
    if (state.length == 0) {
      used = 0;
      poolIndex = 0;
      pool = null;
      position = 0;
      lastRound = -1;
      lastCohort = null;
      pendingScores = null;
      localScores = null;
      return;
    }
    String who = "curriculum client scheduler restore";
    if (state.length > 0 && state[0] == OLD_STATE_TAG) {
      throw new IllegalArgumentException(who + ": the state was written by an older fedspark (before clients' local"
          + " scores were kept); start the run afresh");
    }
    if (state.length < HEADER + 4 || state[0] != STATE_TAG) {
      throw new IllegalArgumentException(who + ": the state (" + state.length
          + " values) is not a curriculum client scheduler state");
    }
    if (state[1] != numClients || state[2] != clientsPerRound || state[3] != rounds) {
      throw new IllegalArgumentException(who + ": the state was made with " + state[1] + " clients, " + state[2]
          + " per round and " + state[3] + " rounds, but this scheduler has " + numClients + ", " + clientsPerRound
          + " and " + rounds);
    }
    int at = HEADER;
    int[] newPool = readInts(state, at, who, "pool");
    at += 1 + (newPool == null ? 0 : newPool.length);
    int[] newCohort = readInts(state, at, who, "last cohort");
    at += 1 + (newCohort == null ? 0 : newCohort.length);
    float[] newScores = readFloats(state, at, who, "pending scores");
    at += 1 + (newScores == null ? 0 : newScores.length);
    float[] newLocal = readFloats(state, at, who, "local scores");
    at += 1 + (newLocal == null ? 0 : newLocal.length);
    if (at != state.length) {
      throw new IllegalArgumentException(who + ": " + (state.length - at) + " unexpected values at the end");
    }
    long newUsed = state[4];
    long newPoolIndex = state[5];
    long newPosition = state[6];
    long newLastRound = state[7];
    int poolLength = newPool == null ? 0 : newPool.length;
    if (newUsed < 0 || newPoolIndex < 0 || newPoolIndex > Integer.MAX_VALUE || newPosition < 0
        || newPosition > poolLength || newLastRound < -1 || newLastRound > Integer.MAX_VALUE
        || (newPool == null) != (newPoolIndex == 0) || (newCohort == null) != (newLastRound == -1)) {
      throw new IllegalArgumentException(who + ": inconsistent counters (used " + newUsed + ", pool #" + newPoolIndex
          + ", position " + newPosition + " of " + poolLength + ", last round " + newLastRound + ")");
    }
    used = newUsed;
    poolIndex = (int) newPoolIndex;
    pool = newPool;
    position = (int) newPosition;
    lastRound = (int) newLastRound;
    lastCohort = newCohort;
    pendingScores = newScores;
    localScores = newLocal;
  }

  private static int putFloats(long[] s, int at, float[] values) {
    s[at++] = values == null ? -1 : values.length;
    if (values != null) {
      for (float v : values) {
        s[at++] = Float.floatToRawIntBits(v);
      }
    }
    return at;
  }

  /** Reads a length-prefixed array of K float bit patterns at {@code at} (null for length -1). */
  private float[] readFloats(long[] s, int at, String who, String what) {
    if (at >= s.length) {
      throw new IllegalArgumentException(who + ": the state ends before the " + what);
    }
    long length = s[at];
    if (length == -1) {
      return null;
    }
    if (length != numClients || at + 1 + length > s.length) {
      throw new IllegalArgumentException(who + ": the state holds " + length + " " + what + " in "
          + (s.length - at - 1) + " values, expected one per client (" + numClients + ")");
    }
    float[] values = new float[numClients];
    for (int i = 0; i < numClients; i++) {
      values[i] = Float.intBitsToFloat((int) s[at + 1 + i]);
    }
    return values;
  }

  private static int putInts(long[] s, int at, int[] values) {
    s[at++] = values == null ? -1 : values.length;
    if (values != null) {
      for (int v : values) {
        s[at++] = v;
      }
    }
    return at;
  }

  /** Reads a length-prefixed id array at {@code at} (null for length -1), checking ids are in range. */
  private int[] readInts(long[] s, int at, String who, String what) {
    if (at >= s.length) {
      throw new IllegalArgumentException(who + ": the state ends before the " + what);
    }
    long length = s[at];
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > numClients || at + 1 + length > s.length) {
      throw new IllegalArgumentException(who + ": the " + what + " has length " + length + ", expected at most "
          + numClients + " clients within the state");
    }
    int[] values = new int[(int) length];
    for (int i = 0; i < length; i++) {
      long v = s[at + 1 + i];
      if (v < 0 || v >= numClients) {
        throw new IllegalArgumentException(who + ": the " + what + " holds client " + v + ", expected an id in [0, "
            + numClients + ")");
      }
      values[i] = (int) v;
    }
    return values;
  }
}
