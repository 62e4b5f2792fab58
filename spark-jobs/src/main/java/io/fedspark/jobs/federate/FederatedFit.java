package io.fedspark.jobs.federate;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.client.ClientUpdate;
import io.fedspark.federated.client.FederatedClient;
import io.fedspark.federated.client.LocalTrainingOptions;
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
import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.data.ShardSet;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.math.blas.MathBackend;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path from a validated table to a federated simulation ready to run, shared by
 * {@code fedspark federate} ({@link FederateJob}) and the Spark ML estimator
 * {@code io.fedspark.ml.FederatedClassifier}: the clients built on the executors
 * ({@link FederatedData#build}), the EXPERT scoring model when the curriculum scores with it, the
 * backend that runs the clients, and {@link FederatedSimulation} (strategy, client selector or
 * curriculum scheduler) from the initial parameters drawn from {@code (seed, "model-init")}. The
 * same table, options and seed give bit-identical parameters whichever caller runs it. Without
 * test rows no round is evaluated (its test metrics are NaN).
 */
public final class FederatedFit implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FederatedFit.class);

  /**
   * What a federated fit needs besides the table.
   *
   * @param seed the root seed ({@code run.seed})
   * @param hooks test hooks (fault injection); {@link TestHooks#NONE} outside tests
   * @param clientColumn the natural partition's column ({@code data.source.client}), for messages
   */
  public record Setup(JavaSparkContext jsc, FederateOptions options, MathOptions math, long seed, TestHooks hooks,
      String clientColumn) {}

  private final Setup setup;
  private final FederatedData data;
  private final SimulationBackend backend;
  private final FederatedSimulation simulation;
  private final double expertTestAccuracy;

  private FederatedFit(Setup setup, FederatedData data, SimulationBackend backend, FederatedSimulation simulation,
      double expertTestAccuracy) {
    this.setup = setup;
    this.data = data;
    this.backend = backend;
    this.simulation = simulation;
    this.expertTestAccuracy = expertTestAccuracy;
  }

  /** The clients and test partitions of {@code table} (released by {@link #close} once started). */
  public static FederatedData data(Setup setup, TrainingTable table) {
    return FederatedData.build(setup, table);
  }

  /**
   * The simulation over {@code data}: trains the EXPERT scoring model first when the curriculum
   * needs it. Releases {@code data} if it fails.
   *
   * @param fingerprint identifies the configuration (stored in checkpoints)
   */
  public static FederatedFit start(Setup setup, FederatedData data, String fingerprint) {
    SimulationBackend backend = null;
    try {
      FederateOptions opts = setup.options();
      float[] expert = null;
      double expertAccuracy = Double.NaN;
      if (opts.curriculum() != null && opts.curriculum().scoringModel() == ScoringModel.EXPERT) {
        expert = trainExpert(setup, data.clients(), SeedSequence.root(setup.seed()));
        expertAccuracy = evaluate(setup, data, expert).accuracy();
      }
      backend = backend(setup, data);
      Strategy strategy = opts.strategy().create();
      int clients = data.numClients();
      ClientSelector selector = opts.curriculum() != null
          ? new CurriculumClientScheduler(opts.curriculum(), clients, opts.clientsPerRound(),
              opts.simulation().rounds())
          : new UniformClientSelector(clients, opts.clientsPerRound());
      LOG.info("federate: backend {}, strategy {}, selector {}, math {}", backend.name(), strategy.name(),
          selector.name(), MathRuntime.description());
      FederatedSimulation sim = new FederatedSimulation(opts.model().toString(), opts.simulation(), opts.client(),
          opts.curriculum(), strategy, selector, backend, params -> evaluate(setup, data, params), setup.seed(),
          fingerprint, expert);
      return new FederatedFit(setup, data, backend, sim, expertAccuracy);
    } catch (RuntimeException e) {
      if (backend != null) {
        backend.close();
      }
      data.release();
      throw e;
    }
  }

  /** The round loop, ready to run. */
  public FederatedSimulation simulation() {
    return simulation;
  }

  /** The clients and test partitions. */
  public FederatedData data() {
    return data;
  }

  /** Where the clients run, for logs and provenance. */
  public String backendName() {
    return backend.name();
  }

  /** The EXPERT scoring model's test accuracy, or NaN (no expert, or no test rows). */
  public double expertTestAccuracy() {
    return expertTestAccuracy;
  }

  /** Round 0: the initial parameters drawn from {@code (seed, "model-init")}. */
  public SimulationState initialState() {
    return simulation.initialState(Model.create(setup.options().model(),
        SeedSequence.root(setup.seed()).derive("model-init").seed()).parameters().clone());
  }

  /** The test metrics of {@code params}, computed on the executors; NaN without test rows. */
  private static EvalResult evaluate(Setup setup, FederatedData data, float[] params) {
    if (data.test() == null) {
      return new EvalResult(Double.NaN, Double.NaN, 0, 0);
    }
    return data.test().evalResult(setup.jsc(), setup.options().model(), data.table().numClasses(), setup.math(),
        params);
  }

  private static SimulationBackend backend(Setup setup, FederatedData data) {
    if (setup.options().backend() == FederateOptions.Backend.IN_PROCESS) {
      return new InProcessBackend(data.clients().collect(), setup.options().inProcessThreads());
    }
    double faults = setup.hooks().faultFraction();
    return new SparkSimulationBackend(setup.jsc(), data.clients(), setup.math(),
        faults > 0 ? new FaultInjection(faults, setup.seed()) : FaultInjection.NONE);
  }

  /**
   * The EXPERT scoring model: trained centrally on the whole training set (every client's
   * examples, in client order, as one "client"), in one Spark task: the paper's central model
   * needs the whole set in one place, so that task's executor must hold it.
   */
  static float[] trainExpert(Setup setup, ShardSet clients, SeedSequence seeds) {
    FederateOptions opts = setup.options();
    LocalTrainingOptions o = opts.expert().trainingOptions();
    String spec = opts.model().toString();
    float[] init = Model.create(opts.model(), seeds.derive("expert-init").seed()).parameters();
    SeedSequence train = seeds.derive("expert-train");
    String backend = setup.math().backend().name();
    int threads = setup.math().blasThreads();
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

  /** Closes the backend and releases the shards. */
  @Override
  public void close() {
    backend.close();
    data.release();
  }
}
