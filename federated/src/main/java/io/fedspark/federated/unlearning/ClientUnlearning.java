package io.fedspark.federated.unlearning;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.engine.FederatedSimulation;
import io.fedspark.federated.engine.InProcessBackend;
import io.fedspark.federated.engine.SimulationOptions;
import io.fedspark.federated.sampling.UniformClientSelector;
import io.fedspark.federated.strategy.FedAvg;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Federated unlearning of a whole client (client-level forgetting, e.g. Liu et al., "FedEraser",
 * IWQoS 2021; Halimi et al., "Federated Unlearning: How to Efficiently Erase a Client in FL?",
 * 2022), with the metrics of {@link UnlearningMetrics} and the client's data as the forget set:
 * <ul>
 *   <li>{@link ClientUnlearningMethod#RETRAIN}: FedAvg from the original initial parameters, with
 *       the original root seed, on the remaining clients renumbered 0 .. n-2 in their order, for
 *       the original number of rounds. The forgotten client's data is never read, so the result is
 *       bit-identical to a FedAvg run that never had the client.</li>
 *   <li>{@link ClientUnlearningMethod#FINE_TUNE}: FedAvg for r rounds from the trained global
 *       model on the remaining clients, root seed {@code root(seed).derive("unlearn-ft", client)}.</li>
 *   <li>{@link ClientUnlearningMethod#GRADIENT_ASCENT}: {@link GradientAscent} on the client's
 *       data from the trained global model, as the client itself would run it, seed
 *       {@code root(seed).derive("unlearn-ga", client)}.</li>
 * </ul>
 * The unlearning problem of client c has retain = the other clients' data concatenated in client
 * order, forget = c's data, test = the setup's test set; its metrics draw from
 * {@code root(seed).derive("metrics", c)}. Runs use the in-process backend with the setup's
 * threads; round failures are not tolerated (failure fraction 0), since a silently dropped client
 * would change what was learned.
 */
public final class ClientUnlearning {
  private final FederatedSetup setup;
  private final ClientUnlearningOptions options;

  public ClientUnlearning(FederatedSetup setup, ClientUnlearningOptions options) {
    this.setup = Objects.requireNonNull(setup, "setup");
    this.options = Objects.requireNonNull(options, "options");
  }

  public FederatedSetup setup() {
    return setup;
  }

  public ClientUnlearningOptions options() {
    return options;
  }

  /** The original run: FedAvg on all clients from {@link FederatedSetup#initialParameters()}. */
  public float[] trainOriginal() {
    return fedAvg(setup.clients(), setup.initialParameters(), setup.rounds(), setup.seed());
  }

  /**
   * Forgets {@code client} from the trained global model {@code global} (not modified).
   *
   * @throws IllegalArgumentException if the client id is out of range
   */
  public float[] unlearn(ClientUnlearningMethod method, float[] global, int client) {
    Objects.requireNonNull(method, "method");
    checkClient(client);
    SeedSequence root = SeedSequence.root(setup.seed());
    switch (method) {
      case RETRAIN:
        return fedAvg(withoutClient(setup.clients(), client), setup.initialParameters(), setup.rounds(), setup.seed());
      case FINE_TUNE:
        return fedAvg(withoutClient(setup.clients(), client), checkParams(global), options.fineTuneRounds(),
            root.derive("unlearn-ft", client).seed());
      case GRADIENT_ASCENT:
        return new GradientAscent(options.gradientAscent()).unlearn(problem(global, client),
            root.derive("unlearn-ga", client));
      default:
        throw new AssertionError(method);
    }
  }

  /** Runs {@code method} on {@code client}, timing it, and scores the result. */
  public UnlearningResult evaluate(ClientUnlearningMethod method, float[] global, int client) {
    long t0 = System.nanoTime();
    float[] params = unlearn(method, global, client);
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new UnlearningResult(method.resultName(), ForgetKind.CLIENT, setup.seed(),
        setup.clients().get(client).size(), score(params, global, client), seconds);
  }

  /** The metrics of {@code params} for forgetting {@code client} (see the type's comment). */
  public UnlearningScores score(float[] params, float[] global, int client) {
    return UnlearningMetrics.score(problem(global, client), params, options.mia(),
        SeedSequence.root(setup.seed()).derive("metrics", client));
  }

  /** The unlearning problem of {@code client}: retain = the other clients' data, forget = its data. */
  public UnlearningProblem problem(float[] global, int client) {
    checkClient(client);
    List<ClientShard> rest = withoutClient(setup.clients(), client);
    return new UnlearningProblem(setup.spec(), checkParams(global), concatenate(rest, "clients-without-" + client),
        concatenate(List.of(setup.clients().get(client)), "client-" + client), setup.test());
  }

  /**
   * The shards other than {@code client}, renumbered 0 .. n-2 in their order (sharing the data
   * arrays), as a federated run without that client sees them.
   */
  public static List<ClientShard> withoutClient(List<ClientShard> clients, int client) {
    List<ClientShard> out = new ArrayList<>();
    for (ClientShard c : clients) {
      if (c.clientId() != client) {
        out.add(new ClientShard(out.size(), c.size(), c.featureCount(), c.numClasses(), c.features(), c.labels()));
      }
    }
    return out;
  }

  /** FedAvg with uniform sampling of {@code min(clientsPerRound, clients)} clients per round. */
  float[] fedAvg(List<ClientShard> clients, float[] start, int rounds, long rootSeed) {
    ModelSpec spec = setup.spec();
    LabeledDataset test = setup.test();
    Model evaluation = Model.fromParameters(spec, start);
    Function<float[], EvalResult> evaluator = p -> {
      evaluation.setParameters(p);
      return evaluation.evaluate(FloatMatrix.wrap(test.features(), 0, test.size(), test.featureCount()),
          test.labels());
    };
    int perRound = Math.min(setup.clientsPerRound(), clients.size());
    try (InProcessBackend backend = new InProcessBackend(clients, setup.threads())) {
      FederatedSimulation simulation = new FederatedSimulation(spec.toString(),
          new SimulationOptions(rounds, rounds, 0.0, rounds), setup.training(), null, new FedAvg(),
          new UniformClientSelector(clients.size(), perRound), backend, evaluator, rootSeed, "unlearning", null);
      return simulation.run(simulation.initialState(start), (metrics, state) -> { }).global();
    }
  }

  private static LabeledDataset concatenate(List<ClientShard> shards, String name) {
    int d = shards.get(0).featureCount();
    int classes = 0;
    int n = 0;
    for (ClientShard s : shards) {
      n += s.size();
      classes = Math.max(classes, s.numClasses());
    }
    float[] x = new float[n * d];
    int[] y = new int[n];
    int row = 0;
    for (ClientShard s : shards) {
      System.arraycopy(s.features(), 0, x, row * d, s.size() * d);
      System.arraycopy(s.labels(), 0, y, row, s.size());
      row += s.size();
    }
    return LabeledDataset.of(name, new int[] {d}, x, y, classes);
  }

  private void checkClient(int client) {
    if (client < 0 || client >= setup.numClients()) {
      throw new IllegalArgumentException("client to forget is " + client + ", expected an id in [0, "
          + setup.numClients() + ")");
    }
  }

  private float[] checkParams(float[] global) {
    Objects.requireNonNull(global, "global");
    if (global.length != setup.spec().parameterCount()) {
      throw new IllegalArgumentException("the trained global model has " + global.length + " parameters but model "
          + setup.spec() + " has " + setup.spec().parameterCount());
    }
    return global;
  }
}
