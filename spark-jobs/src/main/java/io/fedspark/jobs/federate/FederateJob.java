package io.fedspark.jobs.federate;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.client.FederatedClient;
import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.curriculum.CurriculumClientScheduler;
import io.fedspark.federated.curriculum.ScoringModel;
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
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.federated.client.ClientUpdate;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.data.ShardSet;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
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
    SimulationBackend backend = backend(job, opts, data);
    try {
      FederatedSimulation sim = simulation(job, opts, data, backend, fingerprint, expert);
      float[] initial = Model.create(opts.model(), SeedSequence.root(job.run().seed()).derive("model-init").seed())
          .parameters().clone();
      SimulationState start = resumed != null ? resumed : sim.initialState(initial);
      return out.run(sim, start, backend.name(), fingerprint);
    } finally {
      backend.close();
      data.release();
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
    return new FederatedSimulation(opts.model().toString(), opts.simulation(), opts.client(), opts.curriculum(),
        strategy, selector, backend, params -> evaluate(job, opts, data, params), job.run().seed(), fingerprint, expert);
  }

  /** The test metrics of {@code params}, computed on the executors. */
  private static EvalResult evaluate(JobRun job, FederateOptions opts, FederatedData data, float[] params) {
    return data.test().evalResult(job.jsc(), opts.model(), data.table().numClasses(), job.math(), params);
  }

  private static SimulationBackend backend(JobRun job, FederateOptions opts, FederatedData data) {
    if (opts.backend() == FederateOptions.Backend.IN_PROCESS) {
      return new InProcessBackend(data.clients().collect(), opts.inProcessThreads());
    }
    double faults = job.hooks().faultFraction();
    return new SparkSimulationBackend(job.jsc(), data.clients(), job.math(),
        faults > 0 ? new FaultInjection(faults, job.run().seed()) : FaultInjection.NONE);
  }

  /** The EXPERT scoring model's parameters when the curriculum scores with it, else null. */
  private static float[] expert(JobRun job, FederateOptions opts, FederatedData data) {
    if (opts.curriculum() == null || opts.curriculum().scoringModel() != ScoringModel.EXPERT) {
      return null;
    }
    float[] expert = trainExpert(job, opts, data.clients(), SeedSequence.root(job.run().seed()));
    EvalResult e = evaluate(job, opts, data, expert);
    System.out.printf(Locale.ROOT, "[federate] expert scoring model: test accuracy %.2f%%%n", 100 * e.accuracy());
    job.provenance().result("expertTestAccuracy", e.accuracy());
    return expert;
  }

  /**
   * The EXPERT scoring model: trained centrally on the whole training set (every client's
   * examples, in client order, as one "client"), in one Spark task: the paper's central model
   * needs the whole set in one place, so that task's executor must hold it.
   */
  static float[] trainExpert(JobRun job, FederateOptions opts, ShardSet clients, SeedSequence seeds) {
    LocalTrainingOptions o = opts.expert().trainingOptions();
    String spec = opts.model().toString();
    float[] init = Model.create(opts.model(), seeds.derive("expert-init").seed()).parameters();
    SeedSequence train = seeds.derive("expert-train");
    String backend = job.math().backend().name();
    int threads = job.math().blasThreads();
    List<ClientUpdate> out = clients.rdd().coalesce(1).mapPartitions((Iterator<ClientShard> it) -> {
      MathRuntime.configure(MathBackend.valueOf(backend), threads);
      List<ClientShard> all = new ArrayList<>();
      it.forEachRemaining(all::add);
      all.sort(Comparator.comparingInt(ClientShard::clientId));
      ClientShard everything = ClientShard.concat(-1, all);
      return List.of(FederatedClient.train(everything, ModelSpec.parse(spec), init, o, null, null, train)).iterator();
    }).collect();
    ClientUpdate u = out.get(0);
    if (!u.succeeded()) {
      throw new IllegalStateException("training the expert scoring model failed: " + u.error());
    }
    return u.parameters();
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
    return (k.startsWith("federate.") || k.equals("run.seed") || k.equals("math.backend")
        || DataSourceOptions.determinesTheData(k))
        && !k.equals("federate.backend") && !k.equals("federate.spark-partitions")
        && !k.equals("federate.in-process-threads") && !k.equals("federate.checkpoint.every");
  }
}
