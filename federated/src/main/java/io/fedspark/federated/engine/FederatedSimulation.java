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
  /** The test metrics of a round that is not evaluated. */
  private static final EvalResult NOT_EVALUATED = new EvalResult(Double.NaN, Double.NaN, 0, 0);

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
  /** The selector as the client curriculum's scheduler, or null when the cohort is sampled otherwise. */
  private final CurriculumClientScheduler scheduler;
  /** Whether the clients' last local models are kept: the data curriculum scores with them (LOCAL, LG). */
  private final boolean keepLocalModels;

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
    this.scheduler = selector instanceof CurriculumClientScheduler s ? s : null;
    this.keepLocalModels = curriculum != null && curriculum.dataCurriculumEnabled()
        && (curriculum.scoringModel() == ScoringModel.LOCAL || curriculum.scoringModel() == ScoringModel.LOCAL_PLUS_GLOBAL);
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
    checkFingerprint(start);
    strategy.restore(start.strategyState());
    selector.restore(start.selectorState());
    Progress progress = new Progress(start);
    SeedSequence seeds = SeedSequence.root(rootSeed);
    SimulationState state = start;
    int lastRound = rounds();
    for (int round = start.completedRounds() + 1; round <= lastRound; round++) {
      SimulationState checkpoint = runRound(round, lastRound, seeds, progress, listener);
      if (checkpoint != null) {
        state = checkpoint; // the last round is always a checkpoint: the run returns the state after it
      }
    }
    return state;
  }

  private void checkFingerprint(SimulationState start) {
    if (!start.fingerprint().equals(fingerprint)) {
      throw new IllegalArgumentException(
          "checkpoint belongs to another configuration (fingerprint " + start.fingerprint() + ", this run " + fingerprint
              + "): resume with the configuration it was made with");
    }
  }

  /** One round, step by step; returns the state after it on a checkpoint round, else null. */
  private SimulationState runRound(int round, int lastRound, SeedSequence seeds, Progress p, RoundListener listener) {
    long t0 = System.nanoTime();
    int[] cohort = selectCohort(round, seeds, p.global);
    int pool = scheduler == null ? -1 : scheduler.poolSize();
    RoundAccumulator acc = runClients(round, cohort, p);
    List<ClientUpdate> updates = acc.updates();
    List<ClientUpdate> ok = survivors(round, cohort.length, updates);
    ClientSummary clients = ClientSummary.of(ok);
    p.global = aggregate(round, p.global, acc, ok, clients.examples());
    recordLocalResults(ok, p.localModels);
    EvalResult eval = evaluateIfDue(round, lastRound, p.global);
    long paramBytes = 4L * p.global.length;
    RoundMetrics m = new RoundMetrics(round, ok.size(), updates.size() - ok.size(), clients.meanTrainLoss(),
        eval.loss(), eval.accuracy(), clients.meanScore(), clients.pacedMin(), clients.pacedMean(), clients.pacedMax(),
        pool, paramBytes * cohort.length, paramBytes * ok.size(), (System.nanoTime() - t0) / 1e9, cohort);
    p.history.add(m);
    return report(m, lastRound, p, listener);
  }

  /**
   * The round's cohort; under the client curriculum, first re-scores every client (with the expert
   * or the global model) when the scheduler's pool is used up.
   */
  private int[] selectCohort(int round, SeedSequence seeds, float[] global) {
    if (scheduler != null && scheduler.needsScores(round)) {
      float[] scoringParams = curriculum.scoringModel() == ScoringModel.EXPERT ? expert : global;
      scheduler.provideScores(backend.scoreClients(modelSpec, scoringParams, curriculum.scoreKind()));
    }
    return selector.select(round, seeds);
  }

  /** Broadcasts the global parameters and trains the cohort on the backend. */
  private RoundAccumulator runClients(int round, int[] cohort, Progress p) {
    RoundTask task = new RoundTask(modelSpec, strategy.configureFit(round, training), curriculum, rootSeed, round,
        strategy.needsIndividualUpdates() || keepLocalModels, cohort);
    return backend.runRound(task, p.global, scoringFor(cohort, p.localModels));
  }

  /**
   * The failure policy: the successful updates, the failed ones logged and dropped, unless none
   * succeeded or more than {@code federate.failure.max-fraction} of the cohort failed, which fails
   * the round ({@link #roundFailure}).
   */
  private List<ClientUpdate> survivors(int round, int cohortSize, List<ClientUpdate> updates) {
    List<ClientUpdate> failed = updates.stream().filter(u -> !u.succeeded()).toList();
    for (ClientUpdate u : failed) {
      LOG.warn("round {}: client {} failed: {}", round, u.clientId(), u.error());
    }
    int succeeded = updates.size() - failed.size();
    if (succeeded == 0 || failed.size() > options.maxFailedFraction() * cohortSize) {
      throw roundFailure(round, cohortSize, failed);
    }
    return updates.stream().filter(ClientUpdate::succeeded).toList();
  }

  /**
   * Why a round failed: a {@link DivergenceException} naming the first diverged client if any
   * diverged (the configuration's failure: "round 3: client 7: local training diverged: ...; lower
   * ..."), else a {@link RoundFailedException} naming the first error.
   */
  private RuntimeException roundFailure(int round, int cohortSize, List<ClientUpdate> failed) {
    for (ClientUpdate u : failed) {
      if (u.diverged()) {
        return new DivergenceException("round " + round + ": " + u.error());
      }
    }
    return new RoundFailedException("round " + round + ": " + failed.size() + " of " + cohortSize
        + " clients failed (federate.failure.max-fraction = " + options.maxFailedFraction() + "); first error: "
        + (failed.isEmpty() ? "none" : failed.get(0).error()));
  }

  /** The strategy's next global parameters from the survivors' exact weighted mean (and updates, if it needs them). */
  private float[] aggregate(int round, float[] global, RoundAccumulator acc, List<ClientUpdate> ok, long examples) {
    RoundUpdates ru = new RoundUpdates(round, acc.parameterSum().mean(), examples, ok.size(),
        strategy.needsIndividualUpdates() ? ok : List.of());
    return strategy.aggregate(global, ru);
  }

  /**
   * Keeps the survivors' local models (for LOCAL / LOCAL_PLUS_GLOBAL data scoring) and hands their
   * local scores to the client curriculum (which ignores them unless it scores under local models).
   */
  private void recordLocalResults(List<ClientUpdate> ok, Map<Integer, float[]> localModels) {
    for (ClientUpdate u : ok) {
      if (keepLocalModels) {
        localModels.put(u.clientId(), u.parameters());
      }
      if (scheduler != null) {
        scheduler.recordLocalScore(u.clientId(), u.localScore());
      }
    }
  }

  /** The global test evaluation every {@code federate.eval-every} rounds and after the last; NaNs otherwise. */
  private EvalResult evaluateIfDue(int round, int lastRound, float[] global) {
    return round % options.evalEvery() == 0 || round == lastRound ? evaluator.apply(global) : NOT_EVALUATED;
  }

  /**
   * Hands the round to the listener, with the state after it every {@code federate.checkpoint.every}
   * rounds and after the last; returns that state, or null when the round is not a checkpoint.
   */
  private SimulationState report(RoundMetrics m, int lastRound, Progress p, RoundListener listener) {
    SimulationState checkpoint = null;
    if (m.round() % options.checkpointEvery() == 0 || m.round() == lastRound) {
      checkpoint = new SimulationState(m.round(), fingerprint, p.global, strategy.state(), selector.state(),
          keepLocalModels ? p.localModels : Map.of(), p.history);
    }
    listener.onRound(m, checkpoint);
    return checkpoint;
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

  /** What changes from round to round: global parameters, the clients' last local models, metrics so far. */
  private static final class Progress {
    float[] global;
    final Map<Integer, float[]> localModels;
    final List<RoundMetrics> history;

    Progress(SimulationState start) {
      global = start.global().clone();
      localModels = new HashMap<>(start.localModels());
      history = new ArrayList<>(start.history());
    }
  }

  /**
   * The round's figures over its successful clients: examples, example-weighted mean training loss,
   * mean data score (of the clients that scored; NaN if none) and paced subset sizes.
   */
  private record ClientSummary(long examples, double meanTrainLoss, double meanScore, int pacedMin, double pacedMean,
      int pacedMax) {
    static ClientSummary of(List<ClientUpdate> ok) {
      long examples = 0;
      double trainLoss = 0;
      double scoreSum = 0;
      int scored = 0;
      int pacedMin = Integer.MAX_VALUE;
      int pacedMax = 0;
      double pacedSum = 0;
      for (ClientUpdate u : ok) {
        examples += u.numExamples();
        trainLoss += u.trainLoss() * u.numExamples();
        if (!Double.isNaN(u.meanScore())) {
          scoreSum += u.meanScore();
          scored++;
        }
        pacedMin = Math.min(pacedMin, u.pacedSize());
        pacedMax = Math.max(pacedMax, u.pacedSize());
        pacedSum += u.pacedSize();
      }
      return new ClientSummary(examples, trainLoss / examples, scored == 0 ? Double.NaN : scoreSum / scored, pacedMin,
          pacedSum / ok.size(), pacedMax);
    }
  }
}
