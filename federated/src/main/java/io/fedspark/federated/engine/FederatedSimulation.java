package io.fedspark.federated.engine;

import io.fedspark.federated.client.ClientUpdate;
import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.curriculum.CurriculumClientScheduler;
import io.fedspark.federated.curriculum.CurriculumOptions;
import io.fedspark.federated.curriculum.ScoringModel;
import io.fedspark.federated.sampling.ClientSelector;
import io.fedspark.federated.strategy.RoundUpdates;
import io.fedspark.federated.strategy.Strategy;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The federated round loop (Flower's server loop, three rooms: the selector picks the cohort, the
 * backend runs the clients, the strategy aggregates). Per round r: (client curriculum: re-score all
 * clients when the scheduler's pool is used up) -> cohort = selector.select(r) -> broadcast the
 * global parameters and train the cohort on the backend -> drop failed clients under the failure
 * policy -> strategy.aggregate -> (client curriculum: hand the clients' local scores to the
 * scheduler) -> evaluate every k rounds -> report and checkpoint. The run has {@link #rounds()}
 * rounds: {@code federate.rounds}, unless the selector plans its own number (the curriculum
 * scheduler spending its participation budget, {@link ClientSelector#plannedRounds()}). Every
 * random choice derives from (seed, purpose, round, client), so the result is a function of the
 * configuration alone, whatever the backend or the number of executors.
 */
public final class FederatedSimulation {
  private static final Logger LOG = LoggerFactory.getLogger(FederatedSimulation.class);

  private final String modelSpec;
  private final SimulationOptions options;
  private final LocalTrainingOptions training;
  private final CurriculumOptions curriculum;
  private final Strategy strategy;
  private final ClientSelector selector;
  private final SimulationBackend backend;
  private final Function<float[], EvalResult> evaluator;
  private final long rootSeed;
  private final String fingerprint;
  private final float[] expert;

  /**
   * @param curriculum curriculum options, or null for none
   * @param expert parameters of the expert scoring model, or null if the curriculum does not use it
   * @param evaluator global test evaluation of a parameter vector
   * @param fingerprint identifies the configuration (stored in checkpoints, checked on resume)
   */
  public FederatedSimulation(
      String modelSpec,
      SimulationOptions options,
      LocalTrainingOptions training,
      CurriculumOptions curriculum,
      Strategy strategy,
      ClientSelector selector,
      SimulationBackend backend,
      Function<float[], EvalResult> evaluator,
      long rootSeed,
      String fingerprint,
      float[] expert) {
    this.modelSpec = modelSpec;
    this.options = options;
    this.training = training;
    this.curriculum = curriculum;
    this.strategy = strategy;
    this.selector = selector;
    this.backend = backend;
    this.evaluator = evaluator;
    this.rootSeed = rootSeed;
    this.fingerprint = fingerprint;
    this.expert = expert;
  }

  /**
   * The number of rounds of the run: the selector's planned rounds if it has them, else
   * {@code federate.rounds}. The last round is always evaluated and checkpointed.
   */
  public int rounds() {
    return selector.plannedRounds().orElse(options.rounds());
  }

  /** A fresh state: round 0 with the given initial parameters. */
  public SimulationState initialState(float[] initial) {
    return new SimulationState(0, fingerprint, initial.clone(), strategy.state(), selector.state(), Map.of(), List.of());
  }

  /** Runs from {@code start} (fresh or restored from a checkpoint) to the last round. */
  public SimulationState run(SimulationState start, RoundListener listener) {
    if (!start.fingerprint().equals(fingerprint)) {
      throw new IllegalArgumentException(
          "checkpoint belongs to another configuration (fingerprint " + start.fingerprint() + ", this run " + fingerprint
              + "): resume with the configuration it was made with");
    }
    strategy.restore(start.strategyState());
    selector.restore(start.selectorState());
    float[] global = start.global().clone();
    Map<Integer, float[]> localModels = new HashMap<>(start.localModels());
    List<RoundMetrics> history = new ArrayList<>(start.history());
    boolean keepLocal = curriculum != null && curriculum.dataCurriculumEnabled()
        && (curriculum.scoringModel() == ScoringModel.LOCAL || curriculum.scoringModel() == ScoringModel.LOCAL_PLUS_GLOBAL);
    SeedSequence seeds = SeedSequence.root(rootSeed);
    SimulationState state = start;
    int lastRound = rounds();
    for (int round = start.completedRounds() + 1; round <= lastRound; round++) {
      long t0 = System.nanoTime();
      int pool = -1;
      if (selector instanceof CurriculumClientScheduler sched && sched.needsScores(round)) {
        float[] scoringParams = curriculum.scoringModel() == ScoringModel.EXPERT ? expert : global;
        sched.provideScores(backend.scoreClients(modelSpec, scoringParams, curriculum.scoreKind()));
      }
      int[] cohort = selector.select(round, seeds);
      if (selector instanceof CurriculumClientScheduler sched) {
        pool = sched.poolSize();
      }
      RoundTask task = new RoundTask(modelSpec, strategy.configureFit(round, training), curriculum, rootSeed, round,
          strategy.needsIndividualUpdates() || keepLocal, cohort);
      ScoringParameters scoring = scoringFor(cohort, localModels);
      RoundAccumulator acc = backend.runRound(task, global, scoring);
      List<ClientUpdate> updates = acc.updates();
      int failed = (int) updates.stream().filter(u -> !u.succeeded()).count();
      int succeeded = updates.size() - failed;
      for (ClientUpdate u : updates) {
        if (!u.succeeded()) {
          LOG.warn("round {}: client {} failed: {}", round, u.clientId(), u.error());
        }
      }
      if (succeeded == 0 || failed > options.maxFailedFraction() * cohort.length) {
        for (ClientUpdate u : updates) {
          if (u.diverged()) {
            // the configuration's failure, named as such: "round 3: client 7: local training diverged: ...; lower ..."
            throw new DivergenceException("round " + round + ": " + u.error());
          }
        }
        throw new RoundFailedException("round " + round + ": " + failed + " of " + cohort.length
            + " clients failed (federate.failure.max-fraction = " + options.maxFailedFraction() + "); first error: "
            + updates.stream().filter(u -> !u.succeeded()).map(ClientUpdate::error).findFirst().orElse("none"));
      }
      List<ClientUpdate> ok = updates.stream().filter(ClientUpdate::succeeded).toList();
      long examples = ok.stream().mapToLong(ClientUpdate::numExamples).sum();
      RoundUpdates ru = new RoundUpdates(round, acc.parameterSum().mean(), examples, succeeded,
          strategy.needsIndividualUpdates() ? ok : List.of());
      global = strategy.aggregate(global, ru);
      if (keepLocal) {
        for (ClientUpdate u : ok) {
          localModels.put(u.clientId(), u.parameters());
        }
      }
      if (selector instanceof CurriculumClientScheduler sched && sched.options().clientScoresUseLocalModels()) {
        for (ClientUpdate u : ok) {
          sched.recordLocalScore(u.clientId(), u.localScore());
        }
      }
      double trainLoss = 0;
      double scoreSum = 0;
      int scored = 0;
      int pacedMin = Integer.MAX_VALUE;
      int pacedMax = 0;
      double pacedSum = 0;
      for (ClientUpdate u : ok) {
        trainLoss += u.trainLoss() * u.numExamples();
        if (!Double.isNaN(u.meanScore())) {
          scoreSum += u.meanScore();
          scored++;
        }
        pacedMin = Math.min(pacedMin, u.pacedSize());
        pacedMax = Math.max(pacedMax, u.pacedSize());
        pacedSum += u.pacedSize();
      }
      double testLoss = Double.NaN;
      double testAcc = Double.NaN;
      if (round % options.evalEvery() == 0 || round == lastRound) {
        EvalResult e = evaluator.apply(global);
        testLoss = e.loss();
        testAcc = e.accuracy();
      }
      long paramBytes = 4L * global.length;
      RoundMetrics m = new RoundMetrics(round, succeeded, failed, trainLoss / examples, testLoss, testAcc,
          scored == 0 ? Double.NaN : scoreSum / scored, pacedMin, pacedSum / ok.size(), pacedMax, pool,
          paramBytes * cohort.length, paramBytes * succeeded, (System.nanoTime() - t0) / 1e9, cohort);
      history.add(m);
      boolean checkpoint = round % options.checkpointEvery() == 0 || round == lastRound;
      state = new SimulationState(round, fingerprint, global, strategy.state(), selector.state(),
          keepLocal ? localModels : Map.of(), history);
      listener.onRound(m, checkpoint ? state : null);
    }
    return state;
  }

  private ScoringParameters scoringFor(int[] cohort, Map<Integer, float[]> localModels) {
    if (curriculum == null || !curriculum.dataCurriculumEnabled()) {
      return ScoringParameters.NONE;
    }
    Map<Integer, float[]> local = new HashMap<>();
    for (int c : cohort) {
      float[] p = localModels.get(c);
      if (p != null) {
        local.put(c, p);
      }
    }
    return new ScoringParameters(curriculum.scoringModel() == ScoringModel.EXPERT ? expert : null, local);
  }
}
