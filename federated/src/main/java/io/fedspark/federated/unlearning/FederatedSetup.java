package io.fedspark.federated.unlearning;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.engine.SimulationOptions;
import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.util.List;
import java.util.Objects;

/**
 * The federated run whose clients may ask to be forgotten: FedAvg (McMahan et al., AISTATS 2017)
 * with uniform client sampling on the in-process backend, from
 * {@code Model.create(spec, SeedSequence.root(seed).derive("federated-init").seed())}, with the
 * engine's seeding (client c in round r trains with {@code root(seed).derive("client-train", r, c)}).
 * Errors name the {@code federate.*} keys the values come from.
 *
 * @param spec the model
 * @param clients shards ordered by id ({@code clients.get(i).clientId() == i}), at least 2
 * @param training local training of every client
 * @param rounds FedAvg rounds of the original run and of retraining, >= 1 ({@code federate.rounds})
 * @param clientsPerRound cohort size, in [1, clients] ({@code federate.clients-per-round}); runs
 *     without a client use {@code min(clientsPerRound, clients - 1)}
 * @param seed the run's root seed
 * @param threads in-process backend threads, >= 1 ({@code federate.in-process-threads}); results do
 *     not depend on it
 * @param test held-out examples for TA and the membership attack
 */
public record FederatedSetup(ModelSpec spec, List<ClientShard> clients, LocalTrainingOptions training, int rounds,
    int clientsPerRound, long seed, int threads, LabeledDataset test) {

  public FederatedSetup {
    Objects.requireNonNull(spec, "spec");
    clients = List.copyOf(Objects.requireNonNull(clients, "clients"));
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(test, "test");
    if (clients.size() < 2) {
      throw new IllegalArgumentException("federated unlearning needs at least 2 clients (one to forget, one to keep),"
          + " got " + clients.size());
    }
    for (int i = 0; i < clients.size(); i++) {
      ClientShard c = clients.get(i);
      if (c.clientId() != i) {
        throw new IllegalArgumentException("client shards must be ordered by id: position " + i + " holds client "
            + c.clientId());
      }
      if (c.size() == 0) {
        throw new IllegalArgumentException("client " + i + " has no examples");
      }
      if (c.featureCount() != spec.inputSize()) {
        throw new IllegalArgumentException("client " + i + " has " + c.featureCount()
            + " features per example but model " + spec + " expects " + spec.inputSize());
      }
    }
    SimulationOptions.ROUNDS.check(rounds);
    InvalidConfigException.check(clientsPerRound >= 1 && clientsPerRound <= clients.size(), "federate.clients-per-round",
        clientsPerRound, "an integer in [1, " + clients.size() + "] (the number of clients)");
    InvalidConfigException.check(threads >= 1, "federate.in-process-threads", threads, "an integer >= 1");
    SgdTrainer.checkData(spec, test, "federated unlearning (test set)");
  }

  /** The initial global parameters of the original run and of every retraining. */
  public float[] initialParameters() {
    return Model.create(spec, SeedSequence.root(seed).derive("federated-init").seed()).parameters();
  }

  /** Number of clients. */
  public int numClients() {
    return clients.size();
  }
}
