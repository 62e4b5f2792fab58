package io.fedspark.federated.curriculum;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import java.io.Serializable;
import java.util.Optional;

/**
 * Settings of the federated curricula of Vahidian et al., "When Do Curricula Work in Federated
 * Learning?" (ICCV 2023): the data-level curriculum inside each client's local training and the
 * client-level curriculum of the client scheduler. Validates itself; each error names its
 * configuration key under {@code federate.curriculum}. The no-argument constructor gives the reference
 * defaults: data curriculum (ascending loss under the global model, linear pacing a = 0.8,
 * b = 0.2, at least 32 examples) and vanilla client participation (a shuffled pass through all
 * clients).
 *
 * <p>Data level (see {@code FederatedClient}): a client orders its examples by score, trains for
 * {@code T = (N_k // batch + 1) * localEpochs} minibatch steps (completing the last pass or
 * stopping at T, {@link LocalStepBudget}), each pass over the subset
 * {@code order[: max(g(step), minSubsetSize)]} ({@link #dataSubsetSize}). Client level (see
 * {@link CurriculumClientScheduler}): each pool is the first
 * {@code g_client(used; clientA, clientB, T = B, N = K)} clients of the client ordering
 * ({@link #clientPoolSize}), until the participation budget B is spent or for the configured
 * rounds ({@link ClientSchedule}).
 *
 * @param dataOrdering order of a client's examples ({@code data-ordering})
 * @param scoringModel model the examples (and clients) are scored under ({@code scoring-model})
 * @param scoreKind loss or 0/1 misclassification ({@code score-kind})
 * @param dataPacing the data pacing function g ({@code data-pacing})
 * @param dataA fraction of the local steps at which the full data is reached, finite and > 0
 *     ({@code data-pacing-a})
 * @param dataB starting fraction of the data, in [0, 1] ({@code data-pacing-b})
 * @param minSubsetSize the paced subset never has fewer examples than this (reference: 32), >= 1
 *     ({@code min-subset-size})
 * @param clientOrdering order of the clients ({@code client-ordering})
 * @param clientPacing the client pacing function g_client ({@code client-pacing})
 * @param clientA fraction of the participation budget at which all clients are in the pool,
 *     finite and > 0 ({@code client-pacing-a})
 * @param clientB starting fraction of the clients, in [0, 1] ({@code client-pacing-b})
 * @param schedule when the client scheduler stops: the reference's budget or the configured rounds
 *     ({@code schedule})
 * @param localSteps the data-level loop's step budget: complete passes (the reference) or exactly
 *     T steps for every ordering ({@code local-steps})
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
    double clientB,
    ClientSchedule schedule,
    LocalStepBudget localSteps) implements Serializable {

  /** {@code federate.curriculum.enabled}: off gives plain local epochs and uniform client sampling. */
  public static final Setting<Boolean> ENABLED = Setting.bool("federate.curriculum.enabled", false);
  /** {@code federate.curriculum.data-ordering}. */
  public static final Setting<Ordering> DATA_ORDERING =
      Setting.choice("federate.curriculum.data-ordering", Ordering.class, Ordering.CURRICULUM);
  /** {@code federate.curriculum.scoring-model}. */
  public static final Setting<ScoringModel> SCORING_MODEL =
      Setting.choice("federate.curriculum.scoring-model", ScoringModel.class, ScoringModel.GLOBAL);
  /** {@code federate.curriculum.score-kind}. */
  public static final Setting<ScoreKind> SCORE_KIND =
      Setting.choice("federate.curriculum.score-kind", ScoreKind.class, ScoreKind.LOSS);
  /** {@code federate.curriculum.data-pacing}. */
  public static final Setting<PacingFunction> DATA_PACING =
      Setting.choice("federate.curriculum.data-pacing", PacingFunction.class, PacingFunction.LINEAR);
  /** {@code federate.curriculum.data-pacing-a}: fraction of the steps at which the full data is reached. */
  public static final Setting<Double> DATA_PACING_A =
      Setting.number("federate.curriculum.data-pacing-a", 0.8, Bounds.above(0));
  /** {@code federate.curriculum.data-pacing-b}: the starting fraction of the data. */
  public static final Setting<Double> DATA_PACING_B =
      Setting.number("federate.curriculum.data-pacing-b", 0.2, Bounds.closed(0, 1));
  /** {@code federate.curriculum.min-subset-size}: the reference's 32. */
  public static final Setting<Integer> MIN_SUBSET_SIZE = Setting.integer("federate.curriculum.min-subset-size", 32, 1);
  /** {@code federate.curriculum.client-ordering}. */
  public static final Setting<Ordering> CLIENT_ORDERING =
      Setting.choice("federate.curriculum.client-ordering", Ordering.class, Ordering.VANILLA);
  /** {@code federate.curriculum.client-pacing}. */
  public static final Setting<PacingFunction> CLIENT_PACING =
      Setting.choice("federate.curriculum.client-pacing", PacingFunction.class, PacingFunction.LINEAR);
  /** {@code federate.curriculum.client-pacing-a}: fraction of the budget at which every client is in the pool. */
  public static final Setting<Double> CLIENT_PACING_A =
      Setting.number("federate.curriculum.client-pacing-a", 0.8, Bounds.above(0));
  /** {@code federate.curriculum.client-pacing-b}: the starting fraction of the clients. */
  public static final Setting<Double> CLIENT_PACING_B =
      Setting.number("federate.curriculum.client-pacing-b", 0.2, Bounds.closed(0, 1));
  /**
   * {@code federate.curriculum.schedule}: run the client scheduler until the participation budget
   * is spent (the reference) or for {@code federate.rounds} rounds.
   */
  public static final Setting<ClientSchedule> SCHEDULE =
      Setting.choice("federate.curriculum.schedule", ClientSchedule.class, ClientSchedule.BUDGET);
  /** {@code federate.curriculum.local-steps}: complete passes (the reference) or exactly T local steps. */
  public static final Setting<LocalStepBudget> LOCAL_STEPS =
      Setting.choice("federate.curriculum.local-steps", LocalStepBudget.class, LocalStepBudget.COMPLETE_PASSES);

  public CurriculumOptions {
    DATA_ORDERING.check(dataOrdering);
    SCORING_MODEL.check(scoringModel);
    SCORE_KIND.check(scoreKind);
    DATA_PACING.check(dataPacing);
    DATA_PACING_A.check(dataA);
    DATA_PACING_B.check(dataB);
    MIN_SUBSET_SIZE.check(minSubsetSize);
    CLIENT_ORDERING.check(clientOrdering);
    CLIENT_PACING.check(clientPacing);
    CLIENT_PACING_A.check(clientA);
    CLIENT_PACING_B.check(clientB);
    SCHEDULE.check(schedule);
    LOCAL_STEPS.check(localSteps);
  }

  /** The defaults of every key (the reference defaults, see the type's comment). */
  public CurriculumOptions() {
    this(DATA_ORDERING.defaultValue(), SCORING_MODEL.defaultValue(), SCORE_KIND.defaultValue(),
        DATA_PACING.defaultValue(), DATA_PACING_A.defaultValue(), DATA_PACING_B.defaultValue(),
        MIN_SUBSET_SIZE.defaultValue(), CLIENT_ORDERING.defaultValue(), CLIENT_PACING.defaultValue(),
        CLIENT_PACING_A.defaultValue(), CLIENT_PACING_B.defaultValue(), SCHEDULE.defaultValue(),
        LOCAL_STEPS.defaultValue());
  }

  /** The options under {@code federate.curriculum}, or empty when it is not enabled. */
  public static Optional<CurriculumOptions> from(ConfigView c) {
    if (!c.get(ENABLED)) {
      return Optional.empty();
    }
    return Optional.of(new CurriculumOptions(c.get(DATA_ORDERING), c.get(SCORING_MODEL), c.get(SCORE_KIND),
        c.get(DATA_PACING), c.get(DATA_PACING_A), c.get(DATA_PACING_B), c.get(MIN_SUBSET_SIZE),
        c.get(CLIENT_ORDERING), c.get(CLIENT_PACING), c.get(CLIENT_PACING_A), c.get(CLIENT_PACING_B),
        c.get(SCHEDULE), c.get(LOCAL_STEPS)));
  }

  /** The vanilla baseline at both levels: full data, shuffled; a shuffled pass through all clients. */
  public static CurriculumOptions vanilla() {
    return new CurriculumOptions().withDataOrdering(Ordering.VANILLA);
  }

  public CurriculumOptions withDataOrdering(Ordering value) {
    return new CurriculumOptions(value, scoringModel, scoreKind, dataPacing, dataA, dataB, minSubsetSize,
        clientOrdering, clientPacing, clientA, clientB, schedule, localSteps);
  }

  public CurriculumOptions withScoring(ScoringModel model, ScoreKind kind) {
    return new CurriculumOptions(dataOrdering, model, kind, dataPacing, dataA, dataB, minSubsetSize,
        clientOrdering, clientPacing, clientA, clientB, schedule, localSteps);
  }

  public CurriculumOptions withDataPacing(PacingFunction pacing, double a, double b) {
    return new CurriculumOptions(dataOrdering, scoringModel, scoreKind, pacing, a, b, minSubsetSize,
        clientOrdering, clientPacing, clientA, clientB, schedule, localSteps);
  }

  public CurriculumOptions withMinSubsetSize(int value) {
    return new CurriculumOptions(dataOrdering, scoringModel, scoreKind, dataPacing, dataA, dataB, value,
        clientOrdering, clientPacing, clientA, clientB, schedule, localSteps);
  }

  public CurriculumOptions withClientCurriculum(Ordering ordering, PacingFunction pacing, double a, double b) {
    return new CurriculumOptions(dataOrdering, scoringModel, scoreKind, dataPacing, dataA, dataB, minSubsetSize,
        ordering, pacing, a, b, schedule, localSteps);
  }

  public CurriculumOptions withSchedule(ClientSchedule value) {
    return new CurriculumOptions(dataOrdering, scoringModel, scoreKind, dataPacing, dataA, dataB, minSubsetSize,
        clientOrdering, clientPacing, clientA, clientB, value, localSteps);
  }

  public CurriculumOptions withLocalSteps(LocalStepBudget value) {
    return new CurriculumOptions(dataOrdering, scoringModel, scoreKind, dataPacing, dataA, dataB, minSubsetSize,
        clientOrdering, clientPacing, clientA, clientB, schedule, value);
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
   * Whether the clients' scores c_k include a term under each client's own last local model (the
   * scheduler needs scores and the scoring model is LOCAL or LOCAL_PLUS_GLOBAL): a client then
   * reports the mean score of its data under the model it just trained.
   */
  public boolean clientScoresUseLocalModels() {
    return needsClientScores()
        && (scoringModel == ScoringModel.LOCAL || scoringModel == ScoringModel.LOCAL_PLUS_GLOBAL);
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
}
