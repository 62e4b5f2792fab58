package io.fedspark.federated.curriculum;

import io.fedspark.math.random.Permutations;
import io.fedspark.federated.sampling.ClientSelector;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.Objects;
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
 * <p><b>Scores</b>: the engine asks {@link #needsScores(int)} before {@link #select} and, if true,
 * computes {@code c_k} for all K clients (e.g. {@link ExampleScorer#meanScore}) and hands them to
 * {@link #provideScores(float[])}. Only CURRICULUM and ANTI_CURRICULUM client orderings need
 * scores, and only when a new pool is built, so the cost of scoring every client is paid once per
 * pool.
 *
 * <p><b>Randomness</b>: pool {@code p} (0-based) is ordered (RANDOM, VANILLA) with
 * {@code seed.derive("client-order", p)} and shuffled with {@code seed.derive("client-pool", p)},
 * where {@code seed} is the run's root seed sequence passed to {@link #select}.
 *
 * <p><b>State</b>: {@link #state()} captures everything that changes (participations used, pool
 * number, the pool and the position in it, the last round and cohort, and scores provided but not
 * yet used) as 64-bit integers; {@link #restore(long[])} into a scheduler with the same settings
 * continues bit-identically. {@link #select} is idempotent within a round (asking again for the
 * last round returns the same cohort) and refuses earlier rounds. Not thread-safe.
 */
public final class CurriculumClientScheduler implements ClientSelector {
  private static final Logger LOG = LoggerFactory.getLogger(CurriculumClientScheduler.class);
  /** First word of {@link #state()}: identifies the format. */
  private static final long STATE_TAG = 0x43555252_00000001L;
  private static final int HEADER = 8;

  private final CurriculumOptions options;
  private final int numClients;
  private final int clientsPerRound;
  private final int rounds;
  private final long budget;

  private long used;
  private int poolIndex;
  private int[] pool;
  private int position;
  private int lastRound = -1;
  private int[] lastCohort;
  private float[] pendingScores;

  /**
   * @param options the client ordering and pacing ({@code clientOrdering}, {@code clientPacing},
   *     {@code clientA}, {@code clientB}); the data-level settings are not used here
   * @param numClients K, >= 1
   * @param clientsPerRound cohort size, in [1, K]
   * @param rounds number of rounds, >= 1 (the budget is {@code rounds * clientsPerRound})
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
    return round != lastRound && options.needsClientScores() && poolUsedUp() && pendingScores == null;
  }

  /**
   * The clients' scores {@code c_k} for the next pool, indexed by client id (copied). NaN sorts as
   * the hardest score ({@code Float.compare} order).
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
    pendingScores = perClientScore.clone();
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
   * pools built, position in the pool, last round, then the pool, the last cohort and the pending
   * scores (float bits), each preceded by its length (-1 for none).
   */
  @Override
  public long[] state() {
    int poolLength = pool == null ? 0 : pool.length;
    int cohortLength = lastCohort == null ? 0 : lastCohort.length;
    int scoresLength = pendingScores == null ? 0 : pendingScores.length;
    long[] s = new long[HEADER + 3 + poolLength + cohortLength + scoresLength];
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
    s[at++] = pendingScores == null ? -1 : pendingScores.length;
    for (int i = 0; i < scoresLength; i++) {
      s[at++] = Float.floatToRawIntBits(pendingScores[i]);
    }
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
      return;
    }
    String who = "curriculum client scheduler restore";
    if (state.length < HEADER + 3 || state[0] != STATE_TAG) {
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
    float[] newScores = null;
    long scoresLength = state[at++];
    if (scoresLength >= 0) {
      if (scoresLength != numClients || at + scoresLength != state.length) {
        throw new IllegalArgumentException(who + ": the state holds " + scoresLength + " pending scores in "
            + (state.length - at) + " values, expected " + numClients);
      }
      newScores = new float[numClients];
      for (int i = 0; i < numClients; i++) {
        newScores[i] = Float.intBitsToFloat((int) state[at++]);
      }
    } else if (at != state.length) {
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
