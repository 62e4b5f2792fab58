package io.fedspark.jobs.unlearn;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.config.Setting;
import io.fedspark.federated.curriculum.CurriculumOptions;
import io.fedspark.federated.partition.PartitionOptions;
import io.fedspark.federated.strategy.StrategyKind;
import io.fedspark.federated.unlearning.ClientUnlearningMethod;
import io.fedspark.federated.unlearning.ClientUnlearningOptions;
import io.fedspark.jobs.federate.FederateOptions;
import java.util.LinkedHashSet;
import java.util.List;



/**
 * Options of {@code fedspark unlearn} with {@code unlearn.setting = federated}: the FedAvg run
 * whose clients are forgotten ({@code federate.*}, read by {@link FederateOptions#from}) and the
 * {@code unlearn.client.*} keys.
 *
 * @param federate the federated run; only FedAvg without curriculum is supported
 * @param client r, GA's recipe, the MIA feature ({@code unlearn.mia-feature}) and the search's
 *     candidate count
 * @param methods retrain | ft | ga, in order, no repeats 
 * @param forgetClients the client ids to forget, no repeats 
 * @param worstCase whether to search for and audit the worst-case client 
 * @param seeds the experiment seeds ({@code unlearn.seeds})
 * @param gridPartitions Spark partitions of each stage (0: one task per cell)
 */
public record ClientAuditOptions(FederateOptions federate, ClientUnlearningOptions client,
    List<ClientUnlearningMethod> methods, List<Integer> forgetClients, boolean worstCase, List<Long> seeds,
    int gridPartitions) {

  /** {@code unlearn.client.methods}: retrain | ft | ga. */
  public static final Setting<List<ClientUnlearningMethod>> METHODS = Setting.distinctNonEmpty(
      Setting.choices("unlearn.client.methods", ClientUnlearningMethod.class,
          List.of(ClientUnlearningMethod.RETRAIN, ClientUnlearningMethod.FINE_TUNE, ClientUnlearningMethod.GRADIENT_ASCENT)));
  /** {@code unlearn.client.forget}: client ids to forget (may be empty when worst-case is on). */
  public static final Setting<List<Integer>> FORGET =
      Setting.integers("unlearn.client.forget", List.of(0), Bounds.atLeast(0))
          .where(l -> new LinkedHashSet<>(l).size() == l.size(), "a list of client ids without repeats, e.g. [0, 3]");
  /** {@code unlearn.client.worst-case}: also search for and audit the worst-case client. */
  public static final Setting<Boolean> WORST_CASE = Setting.bool("unlearn.client.worst-case", true);

  public ClientAuditOptions {
    methods = List.copyOf(methods);
    forgetClients = List.copyOf(forgetClients);
    seeds = List.copyOf(seeds);
  }

  /** The options in {@code c} (the FedAvg run under {@code federate.*}, the audit under {@code unlearn.*}). */
  public static ClientAuditOptions from(ConfigView c) {
    FederateOptions fed = FederateOptions.from(c);
    if (fed.strategy().kind() != StrategyKind.FEDAVG) {
      throw InvalidConfigException.of(StrategyKind.KIND.key(), fed.strategy().kind().configName(),
          "fedavg (federated unlearning retrains and fine-tunes with FedAvg)", c.origin(StrategyKind.KIND.key()));
    }
    if (fed.curriculum() != null) {
      throw InvalidConfigException.of(CurriculumOptions.ENABLED.key(), true,
          "false (federated unlearning uses uniform client sampling)", c.origin(CurriculumOptions.ENABLED.key()));
    }
    int clients = fed.partition().numClients();
    if (clients < 2) {
      throw InvalidConfigException.of(PartitionOptions.CLIENTS.key(), clients,
          "at least 2 clients (one to forget, one to keep)", c.origin(PartitionOptions.CLIENTS.key()));
    }
    List<Integer> forget = c.get(FORGET.where(l -> l.stream().allMatch(k -> k < clients),
        "client ids in [0, " + clients + ") (federate.partition.clients is " + clients + ")"));
    boolean worst = c.get(WORST_CASE);
    if (forget.isEmpty() && !worst) {
      throw InvalidConfigException.of(FORGET.key(), forget,
          "at least one client id when " + WORST_CASE.key() + " = false (nothing to audit)", c.origin(FORGET.key()));
    }
    return new ClientAuditOptions(fed, new ClientUnlearningOptions(c), c.get(METHODS), forget, worst,
        c.get(UnlearnOptions.SEEDS), c.get(UnlearnOptions.GRID_PARTITIONS));
  }
}
