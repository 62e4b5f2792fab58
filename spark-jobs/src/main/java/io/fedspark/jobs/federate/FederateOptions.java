package io.fedspark.jobs.federate;

import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.config.Setting;
import io.fedspark.federated.curriculum.CurriculumOptions;
import io.fedspark.federated.curriculum.ExpertOptions;
import io.fedspark.federated.engine.SimulationOptions;
import io.fedspark.federated.partition.PartitionOptions;
import io.fedspark.federated.partition.PartitionScheme;
import io.fedspark.federated.strategy.StrategyOptions;
import io.fedspark.jobs.data.DatasetName;
import io.fedspark.math.Choice;
import io.fedspark.math.nn.ModelSpec;

/**
 * All options of {@code fedspark federate} (keys under {@code federate.}): the job's own keys,
 * declared here, and the records of the federated module, each reading its own block.
 *
 * @param curriculum null when {@code federate.curriculum.enabled = false}
 */
public record FederateOptions(
    DatasetName dataset,
    ModelSpec model,
    int clientsPerRound,
    SimulationOptions simulation,
    Backend backend,
    int sparkPartitions,
    int inProcessThreads,
    PartitionOptions partition,
    LocalTrainingOptions client,
    StrategyOptions strategy,
    CurriculumOptions curriculum,
    ExpertOptions expert) {

  /** {@code federate.dataset}. */
  public static final Setting<DatasetName> DATASET = Setting.choice("federate.dataset", DatasetName.class, DatasetName.MNIST);
  /** {@code federate.model}. */
  public static final Setting<ModelSpec> MODEL = modelSetting("federate.model", "mlp:784-200-10");
  /** {@code federate.clients-per-round}. */
  public static final Setting<Integer> CLIENTS_PER_ROUND = Setting.integer("federate.clients-per-round", 10, 1);
  /** {@code federate.backend}: spark | in-process (a thread pool in the driver JVM; same results). */
  public static final Setting<Backend> BACKEND = Setting.choice("federate.backend", Backend.class, Backend.SPARK);
  /** {@code federate.spark-partitions}: RDD partitions of the client shards (results do not depend on it). */
  public static final Setting<Integer> SPARK_PARTITIONS = Setting.integer("federate.spark-partitions", 8, 1);
  /** {@code federate.in-process-threads}. */
  public static final Setting<Integer> IN_PROCESS_THREADS = Setting.integer("federate.in-process-threads", 2, 1);

  /** Where clients run. */
  public enum Backend implements Choice {
    SPARK,
    IN_PROCESS
  }

  public FederateOptions {
    if (partition.scheme() != PartitionScheme.NATURAL) {
      checkCohort(clientsPerRound, partition.numClients(), PartitionOptions.CLIENTS.key() + " = " + partition.numClients());
    }
  }

  /**
   * Checks the cohort against the clients a natural partition found in the data (the configured
   * {@code federate.partition.clients} does not apply to it).
   */
  public void checkCohort(int clients) {
    checkCohort(clientsPerRound, clients, "the " + clients + " clients of the natural partition");
  }

  private static void checkCohort(int perRound, int clients, String what) {
    if (perRound > clients) {
      throw InvalidConfigException.of(CLIENTS_PER_ROUND.key(), perRound, "at most " + what, null);
    }
  }

  /** A model-spec setting (shared by the jobs' {@code *.model} keys). */
  public static Setting<ModelSpec> modelSetting(String key, String defaultSpec) {
    return Setting.parsed(key, ModelSpec.parse(defaultSpec), "a model spec such as mlp:784-200-10 or lenet5",
        ModelSpec::parse);
  }

  /** The options in {@code c}. */
  public static FederateOptions from(ConfigView c) {
    return new FederateOptions(
        c.get(DATASET),
        c.get(MODEL),
        c.get(CLIENTS_PER_ROUND),
        SimulationOptions.from(c),
        c.get(BACKEND),
        c.get(SPARK_PARTITIONS),
        c.get(IN_PROCESS_THREADS),
        PartitionOptions.from(c),
        LocalTrainingOptions.from(c),
        StrategyOptions.from(c),
        CurriculumOptions.from(c).orElse(null),
        ExpertOptions.from(c));
  }
}
