package io.fedspark.jobs.federate;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.client.FederatedClient;
import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.curriculum.CurriculumClientScheduler;
import io.fedspark.federated.curriculum.ScoringModel;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.engine.FaultInjection;
import io.fedspark.federated.engine.FederatedSimulation;
import io.fedspark.federated.engine.InProcessBackend;
import io.fedspark.federated.engine.SimulationBackend;
import io.fedspark.federated.engine.SimulationState;
import io.fedspark.federated.sampling.ClientSelector;
import io.fedspark.federated.sampling.UniformClientSelector;
import io.fedspark.federated.strategy.Strategy;
import io.fedspark.jobs.Job;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobOutcome;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.config.ConfigFingerprint;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.random.SeedSequence;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fedspark federate}: simulated federated learning with virtual clients as Spark partitions
 * (or in-process), with the curriculum orderings of Vahidian et al. (ICCV 2023). Partitions the
 * training set into clients ({@link FederatedData}, skew report written), optionally trains the
 * expert scoring model, runs the round loop of {@link FederatedSimulation} on the chosen backend,
 * and writes per-round metrics, checkpoints (every {@code federate.checkpoint.every} rounds,
 * atomically) and provenance ({@link FederateOutputs}). {@code --resume DIR} continues a run from its
 * checkpoint bit-identically.
 */
public final class FederateJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(FederateJob.class);
  static final String CHECKPOINT = "checkpoint/state.bin";

  /** Outcome of a run ({@code state} is null when the stop hook interrupted it). */
  public record Result(RunDirectory runDir, SimulationState state) implements JobOutcome {
    public double finalAccuracy() {
      return state.history().get(state.history().size() - 1).testAccuracy();
    }
  }

  @Override
  public void validate(ConfigView config) {
    FederateOptions.from(config);
  }

  @Override
  public JobOutcome run(JobContext context) {
    return run(context, context.resume());
  }

  /**
   * @param resumeDir a previous run directory to continue, or null
   */
  public static Result run(JobContext ctx, String resumeDir) {
    FederateOptions opts = FederateOptions.from(ctx.config());
    JobRun job = JobRun.start(ctx, resumeDir);
    String fingerprint = fingerprint(ctx.config());
    FederateOutputs out = new FederateOutputs(job, opts);
    SimulationState resumed = resumeDir == null ? null : out.readCheckpoint(CHECKPOINT);
    FederatedData data = FederatedData.load(job, opts);
    float[] expert = expert(job, opts, data);
    SimulationBackend backend = backend(job, opts, data.shards());
    try {
      FederatedSimulation sim = simulation(job, opts, data, backend, fingerprint, expert);
      float[] initial = Model.create(opts.model(), SeedSequence.root(job.run().seed()).derive("model-init").seed())
          .parameters().clone();
      SimulationState start = resumed != null ? resumed : sim.initialState(initial);
      return out.run(sim, start, backend.name(), fingerprint);
    } finally {
      backend.close();
      job.jsc().clearJobGroup();
    }
  }

  private static FederatedSimulation simulation(JobRun job, FederateOptions opts, FederatedData data,
      SimulationBackend backend, String fingerprint, float[] expert) {
    Strategy strategy = opts.strategy().create();
    int clients = data.numClients();
    ClientSelector selector = opts.curriculum() != null
        ? new CurriculumClientScheduler(opts.curriculum(), clients, opts.clientsPerRound(), opts.simulation().rounds())
        : new UniformClientSelector(clients, opts.clientsPerRound());
    LOG.info("federate: backend {}, strategy {}, selector {}, math {}", backend.name(), strategy.name(), selector.name(),
        MathRuntime.description());
    Model evalModel = Model.create(opts.model(), 0);
    LabeledDataset test = data.test();
    FloatMatrix testX = matrix(test);
    return new FederatedSimulation(opts.model().toString(), opts.simulation(), opts.client(), opts.curriculum(),
        strategy, selector, backend, params -> {
          evalModel.setParameters(params);
          return evalModel.evaluate(testX, test.labels());
        }, job.run().seed(), fingerprint, expert);
  }

  private static SimulationBackend backend(JobRun job, FederateOptions opts, List<ClientShard> shards) {
    if (opts.backend() == FederateOptions.Backend.IN_PROCESS) {
      return new InProcessBackend(shards, opts.inProcessThreads());
    }
    double faults = job.hooks().faultFraction();
    return new SparkSimulationBackend(job.jsc(), shards, opts.sparkPartitions(), job.math(),
        faults > 0 ? new FaultInjection(faults, job.run().seed()) : FaultInjection.NONE);
  }

  /** The EXPERT scoring model's parameters when the curriculum scores with it, else null. */
  private static float[] expert(JobRun job, FederateOptions opts, FederatedData data) {
    if (opts.curriculum() == null || opts.curriculum().scoringModel() != ScoringModel.EXPERT) {
      return null;
    }
    float[] expert = trainExpert(opts, data.train(), SeedSequence.root(job.run().seed()));
    EvalResult e = Model.fromParameters(opts.model(), expert).evaluate(matrix(data.test()), data.test().labels());
    System.out.printf(Locale.ROOT, "[federate] expert scoring model: test accuracy %.2f%%%n", 100 * e.accuracy());
    job.provenance().result("expertTestAccuracy", e.accuracy());
    return expert;
  }

  /** The EXPERT scoring model: trained centrally on the whole training set (one "client"). */
  static float[] trainExpert(FederateOptions opts, LabeledDataset train, SeedSequence seeds) {
    int[] all = new int[train.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    ClientShard everything = ClientShard.of(-1, train, all);
    LocalTrainingOptions o = new LocalTrainingOptions().withLocalEpochs(opts.expert().epochs())
        .withBatchSize(opts.expert().batchSize()).withLearningRate(opts.expert().learningRate()).withConstantLearningRate();
    float[] init = Model.create(opts.model(), seeds.derive("expert-init").seed()).parameters();
    var u = FederatedClient.train(everything, opts.model(), init, o, null, null, seeds.derive("expert-train"));
    if (!u.succeeded()) {
      throw new IllegalStateException("training the expert scoring model failed: " + u.error());
    }
    return u.parameters();
  }

  static FloatMatrix matrix(LabeledDataset d) {
    return FloatMatrix.wrap(d.features(), 0, d.size(), d.featureCount());
  }

  /**
   * Identifies the settings that determine the result: every {@code federate.*} key except those
   * that only say where or how fast it runs, plus the seed and the math backend.
   */
  static String fingerprint(JobConfig cfg) {
    return ConfigFingerprint.of(cfg, FederateJob::determinesTheModel);
  }

  /** Whether a key changes the result (the fingerprint's keys and the metrics' run columns). */
  static boolean determinesTheModel(String k) {
    return (k.startsWith("federate.") || k.equals("run.seed") || k.equals("math.backend"))
        && !k.equals("federate.backend") && !k.equals("federate.spark-partitions")
        && !k.equals("federate.in-process-threads") && !k.equals("federate.checkpoint.every");
  }
}
