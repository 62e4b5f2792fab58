package io.fedspark.federated.curriculum;

import java.io.Serializable;

/**
 * Settings of the federated curricula of Vahidian et al., "When Do Curricula Work in Federated
 * Learning?" (ICCV 2023): the data-level curriculum inside each client's local training and the
 * client-level curriculum of the client scheduler. Validates itself; each error names its
 * configuration key under {@value #PREFIX}. The no-argument constructor gives the reference
 * defaults: data curriculum (ascending loss under the global model, linear pacing a = 0.8,
 * b = 0.2, at least 32 examples) and vanilla client participation (a shuffled pass through all
 * clients).
 *
 * <p>Data level (see {@code FederatedClient}): a client orders its examples by score, trains for
 * {@code T = (N_k // batch + 1) * localEpochs} minibatch steps, each pass over the subset
 * {@code order[: max(g(step), minSubsetSize)]} ({@link #dataSubsetSize}). Client level (see
 * {@link CurriculumClientScheduler}): each pool is the first
 * {@code g_client(used; clientA, clientB, T = B, N = K)} clients of the client ordering
 * ({@link #clientPoolSize}).
 *
 * @param dataOrdering order of a client's examples ({@value #DATA_ORDERING})
 * @param scoringModel model the examples (and clients) are scored under ({@value #SCORING_MODEL})
 * @param scoreKind loss or 0/1 misclassification ({@value #SCORE_KIND})
 * @param dataPacing the data pacing function g ({@value #DATA_PACING})
 * @param dataA fraction of the local steps at which the full data is reached, finite and > 0
 *     ({@value #DATA_PACING_A})
 * @param dataB starting fraction of the data, in [0, 1] ({@value #DATA_PACING_B})
 * @param minSubsetSize the paced subset never has fewer examples than this (reference: 32), >= 1
 *     ({@value #MIN_SUBSET_SIZE})
 * @param clientOrdering order of the clients ({@value #CLIENT_ORDERING})
 * @param clientPacing the client pacing function g_client ({@value #CLIENT_PACING})
 * @param clientA fraction of the participation budget at which all clients are in the pool,
 *     finite and > 0 ({@value #CLIENT_PACING_A})
 * @param clientB starting fraction of the clients, in [0, 1] ({@value #CLIENT_PACING_B})
 */
public record CurriculumOptions(
    Ordering dataOrdering,
    ScoringModel scoringModel,
    ScoreKind scoreKind,
    PacingFunction dataPacing,
    double dataA,
    double dataB,
    int minSubsetSize,
    Ordering clientOrdering,
    PacingFunction clientPacing,
    double clientA,
    double clientB) implements Serializable {

  /** Prefix of the configuration keys. */
  public static final String PREFIX = "federate.curriculum.";
  public static final String DATA_ORDERING = "federate.curriculum.data-ordering";
  public static final String SCORING_MODEL = "federate.curriculum.scoring-model";
  public static final String SCORE_KIND = "federate.curriculum.score-kind";
  public static final String DATA_PACING = "federate.curriculum.data-pacing";
  public static final String DATA_PACING_A = "federate.curriculum.data-pacing-a";
  public static final String DATA_PACING_B = "federate.curriculum.data-pacing-b";
  public static final String MIN_SUBSET_SIZE = "federate.curriculum.min-subset-size";
  public static final String CLIENT_ORDERING = "federate.curriculum.client-ordering";
  public static final String CLIENT_PACING = "federate.curriculum.client-pacing";
  public static final String CLIENT_PACING_A = "federate.curriculum.client-pacing-a";
  public static final String CLIENT_PACING_B = "federate.curriculum.client-pacing-b";

  public CurriculumOptions {
    require(dataOrdering, DATA_ORDERING);
    require(scoringModel, SCORING_MODEL);
    require(scoreKind, SCORE_KIND);
    require(dataPacing, DATA_PACING);
    require(clientOrdering, CLIENT_ORDERING);
    require(clientPacing, CLIENT_PACING);
    checkA(DATA_PACING_A, dataA);
    checkB(DATA_PACING_B, dataB);
    if (minSubsetSize < 1) {
      throw new IllegalArgumentException(MIN_SUBSET_SIZE + " is " + minSubsetSize + ", expected an integer >= 1");
    }
    checkA(CLIENT_PACING_A, clientA);
    checkB(CLIENT_PACING_B, clientB);
  }

  /** The reference defaults (see the type's comment). */
  public CurriculumOptions() {
    this(Ordering.CURRICULUM, ScoringModel.GLOBAL, ScoreKind.LOSS, PacingFunction.LINEAR, 0.8, 0.2, 32,
        Ordering.VANILLA, PacingFunction.LINEAR, 0.8, 0.2);
  }

  /** The vanilla baseline at both levels: full data, shuffled; a shuffled pass through all clients. */
  public static CurriculumOptions vanilla() {
    return new CurriculumOptions().withDataOrdering(Ordering.VANILLA);
  }

  public CurriculumOptions withDataOrdering(Ordering value) {
    return new CurriculumOptions(value, scoringModel, scoreKind, dataPacing, dataA, dataB, minSubsetSize,
        clientOrdering, clientPacing, clientA, clientB);
  }

  public CurriculumOptions withScoring(ScoringModel model, ScoreKind kind) {
    return new CurriculumOptions(dataOrdering, model, kind, dataPacing, dataA, dataB, minSubsetSize,
        clientOrdering, clientPacing, clientA, clientB);
  }

  public CurriculumOptions withDataPacing(PacingFunction pacing, double a, double b) {
    return new CurriculumOptions(dataOrdering, scoringModel, scoreKind, pacing, a, b, minSubsetSize,
        clientOrdering, clientPacing, clientA, clientB);
  }

  public CurriculumOptions withMinSubsetSize(int value) {
    return new CurriculumOptions(dataOrdering, scoringModel, scoreKind, dataPacing, dataA, dataB, value,
        clientOrdering, clientPacing, clientA, clientB);
  }

  public CurriculumOptions withClientCurriculum(Ordering ordering, PacingFunction pacing, double a, double b) {
    return new CurriculumOptions(dataOrdering, scoringModel, scoreKind, dataPacing, dataA, dataB, minSubsetSize,
        ordering, pacing, a, b);
  }

  /**
   * Whether the data are ordered or paced at all (any data ordering but VANILLA). A VANILLA data
   * ordering still trains with the curriculum loop's step budget, on the full data.
   */
  public boolean dataCurriculumEnabled() {
    return dataOrdering != Ordering.VANILLA;
  }

  /** Whether local training needs per-example scores (CURRICULUM or ANTI_CURRICULUM data ordering). */
  public boolean needsDataScores() {
    return dataOrdering.usesScores();
  }

  /** Whether clients are ordered or paced at all (any client ordering but VANILLA). */
  public boolean clientCurriculumEnabled() {
    return clientOrdering != Ordering.VANILLA;
  }

  /** Whether the client scheduler needs the clients' scores c_k (CURRICULUM or ANTI_CURRICULUM). */
  public boolean needsClientScores() {
    return clientOrdering.usesScores();
  }

  /**
   * The data-level subset size at local step {@code step} of {@code totalSteps} for a client with
   * {@code n} examples: {@code min(n, max(g(step; dataA, dataB, T, n), minSubsetSize))}.
   */
  public int dataSubsetSize(long step, long totalSteps, int n) {
    int paced = dataOrdering.pacedSize(dataPacing, step, dataA, dataB, totalSteps, n);
    return Math.min(n, Math.max(paced, minSubsetSize));
  }

  /**
   * The client pool size when {@code used} of the {@code budget} participations have been used,
   * with {@code numClients} clients: {@code g_client(used; clientA, clientB, T = budget, N = K)}.
   */
  public int clientPoolSize(long used, long budget, int numClients) {
    return clientOrdering.pacedSize(clientPacing, used, clientA, clientB, budget, numClients);
  }

  private static void require(Object value, String key) {
    if (value == null) {
      throw new IllegalArgumentException(key + " is missing");
    }
  }

  private static void checkA(String key, double a) {
    if (!(a > 0) || Double.isInfinite(a)) {
      throw new IllegalArgumentException(key + " is " + a
          + ", expected a finite number > 0 (the fraction of the steps at which the full data is reached)");
    }
  }

  private static void checkB(String key, double b) {
    if (!(b >= 0 && b <= 1)) {
      throw new IllegalArgumentException(key + " is " + b + ", expected a fraction in [0, 1] (the starting fraction)");
    }
  }
}
