package io.fedspark.jobs.unlearn;

import static io.fedspark.jobs.config.InvalidConfigException.wrapping;

import com.typesafe.config.ConfigException;
import io.fedspark.federated.strategy.StrategyKind;
import io.fedspark.federated.unlearning.ClientUnlearningMethod;
import io.fedspark.federated.unlearning.ClientUnlearningOptions;
import io.fedspark.federated.unlearning.WorstCaseClientRule;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.federate.FederateOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Options of {@code fedspark unlearn} with {@code unlearn.setting = federated}: the FedAvg run
 * whose clients are forgotten ({@code federate.*}, read by {@link FederateOptions#from}) and the
 * {@code unlearn.client.*} keys.
 *
 * @param federate the federated run; only FedAvg without curriculum is supported
 * @param client r, GA's recipe, the MIA attack ({@code unlearn.mia-feature, unlearn.mia-attacker}), the search's
 *     candidate count and rule
 * @param methods retrain | ft | ga, in order, no repeats ({@value #METHODS})
 * @param forgetClients the client ids to forget, no repeats ({@value #FORGET})
 * @param worstCase whether to search for and audit the worst-case client ({@value #WORST_CASE})
 * @param seeds the experiment seeds ({@code unlearn.seeds})
 * @param gridPartitions Spark partitions of each stage (0: one task per cell)
 */
public record ClientAuditOptions(FederateOptions federate, ClientUnlearningOptions client,
    List<ClientUnlearningMethod> methods, List<Integer> forgetClients, boolean worstCase, List<Long> seeds,
    int gridPartitions) {

  static final String METHODS = "unlearn.client.methods";
  static final String FORGET = "unlearn.client.forget";
  static final String WORST_CASE = "unlearn.client.worst-case";

  public ClientAuditOptions {
    methods = List.copyOf(methods);
    forgetClients = List.copyOf(forgetClients);
    seeds = List.copyOf(seeds);
  }

  public static ClientAuditOptions from(JobConfig c) {
    FederateOptions fed = FederateOptions.from(c);
    if (fed.strategy().kind() != StrategyKind.FEDAVG) {
      throw c.invalid("federate.strategy.kind", "fedavg (federated unlearning retrains and fine-tunes with FedAvg)");
    }
    if (fed.curriculum() != null) {
      throw c.invalid("federate.curriculum.enabled", "false (federated unlearning uses uniform client sampling)");
    }
    ClientUnlearningOptions client = wrapping(() -> new ClientUnlearningOptions(
        c.integer(ClientUnlearningOptions.FINE_TUNE_ROUNDS, 1, 1_000_000),
        UnlearnMethodKeys.training(c, "unlearn.client.ga"),
        UnlearnOptions.mia(c),
        c.integer(ClientUnlearningOptions.SEARCH_CANDIDATES, 0, 10_000_000),
        c.choice(ClientUnlearningOptions.WORST_CASE_RULE, WorstCaseClientRule.class)));
    List<ClientUnlearningMethod> methods = new ArrayList<>();
    List<String> names;
    List<Integer> forget;
    List<Long> seeds;
    try {
      names = c.raw().getStringList(METHODS);
    } catch (ConfigException.WrongType e) {
      throw c.invalid(METHODS, "a list of retrain | ft | ga");
    }
    try {
      forget = c.raw().getIntList(FORGET);
    } catch (ConfigException.WrongType e) {
      throw c.invalid(FORGET, "a list of client ids, e.g. [0, 3]");
    }
    try {
      seeds = c.raw().getLongList(UnlearnOptions.SEEDS);
    } catch (ConfigException.WrongType e) {
      throw c.invalid(UnlearnOptions.SEEDS, "a list of integer seeds");
    }
    for (String s : names) {
      methods.add(wrapping(() -> ClientUnlearningMethod.parse(s, METHODS)));
    }
    if (methods.isEmpty() || new LinkedHashSet<>(methods).size() != methods.size()) {
      throw c.invalid(METHODS, "a non-empty list of retrain | ft | ga without repeats");
    }
    int clients = fed.partition().numClients();
    for (int k : forget) {
      if (k < 0 || k >= clients) {
        throw c.invalid(FORGET, "client ids in [0, " + clients + ") (federate.partition.clients is " + clients + ")");
      }
    }
    if (new LinkedHashSet<>(forget).size() != forget.size()) {
      throw c.invalid(FORGET, "a list of client ids without repeats");
    }
    boolean worst = c.bool(WORST_CASE);
    if (forget.isEmpty() && !worst) {
      throw c.invalid(FORGET, "at least one client id when " + WORST_CASE + " = false (nothing to audit)");
    }
    if (seeds.isEmpty() || new LinkedHashSet<>(seeds).size() != seeds.size()) {
      throw c.invalid(UnlearnOptions.SEEDS, "a non-empty list without repeats");
    }
    if (clients < 2) {
      throw c.invalid("federate.partition.clients", "at least 2 clients (one to forget, one to keep)");
    }
    return new ClientAuditOptions(fed, client, methods, forget, worst, seeds,
        c.integer("unlearn.grid-partitions", 0, 1_000_000));
  }
}
