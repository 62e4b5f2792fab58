package io.fedspark.ml;

import io.fedspark.federated.config.Setting;
import io.fedspark.federated.engine.SimulationState;
import io.fedspark.federated.partition.PartitionScheme;
import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.jobs.federate.FederateOptions;
import io.fedspark.jobs.federate.FederatedData;
import io.fedspark.jobs.federate.FederatedFit;
import io.fedspark.federated.partition.PartitionOptions;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.math.nn.ModelSpec;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated federated learning as a Spark ML estimator: the {@code fedspark federate} job
 * ({@link FederatedFit}) on the rows of a DataFrame. The rows become virtual clients on the
 * executors, one per value of {@code clientCol} ({@code partitionScheme = natural}) or by a seeded
 * scheme (iid, Dirichlet, label-Dirichlet, shards, quantity skew); each round a cohort of
 * {@code clientsPerRound} clients trains locally and the strategy (FedAvg, FedProx, FedAdam, ...,
 * Krum) aggregates; the curriculum keys order data and clients as in Vahidian et al. (ICCV 2023).
 * Its Params are the {@code federate.*} keys of {@code conf/defaults.conf} (all but
 * {@code dataset}, {@code backend}, {@code in-process-threads}, {@code eval-every} and
 * {@code checkpoint.every}: where the job runs and what it writes), named in camel case
 * ({@code federate.curriculum.data-pacing} is {@code curriculumDataPacing}), with their defaults and
 * checks, plus {@code clientCol}, the columns and {@code seed}. The same rows, settings and seed give
 * the parameters {@code fedspark federate} gives, bit for bit.
 *
 * <pre>{@code
 * NeuralNetClassificationModel model = new FederatedClassifier()
 *     .setModel("mlp:64-32-10").setClientCol("writer").setPartitionScheme("natural")
 *     .setRounds(20).setClientsPerRound(5).setStrategyKind("fedprox").fit(train);
 * }</pre>
 */
public final class FederatedClassifier extends NetworkClassifier<FederatedClassifier> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FederatedClassifier.class);

  /** The {@code federate.*} keys that are no Params: the job's data source, where it runs and what it writes. */
  private static final Set<String> NOT_PARAMS = Set.of("federate.dataset", "federate.backend",
      "federate.in-process-threads", "federate.eval-every", "federate.checkpoint.every");

  public FederatedClassifier() {
    this(StageUid.next(null));
  }

  public FederatedClassifier(String uid) {
    this(StageUid.next(uid));
  }

  private FederatedClassifier(StageUid.Pending pending) {
    super(pending, "federate.", key -> !NOT_PARAMS.contains(key), Map.of("clientCol", DataSourceOptions.CLIENT));
  }

  @Override
  String uidPrefix() {
    return "fedClassifier";
  }

  @Override
  Setting<ModelSpec> modelSetting() {
    return FederateOptions.MODEL;
  }

  @Override
  boolean needsClients(JobConfig config) {
    return config.get(PartitionOptions.SCHEME) == PartitionScheme.NATURAL;
  }

  /** {@code clientCol} ({@code data.source.client}): one client per value with {@code partitionScheme = natural}. */
  public Param<String> clientCol() {
    return param("clientCol");
  }

  public FederatedClassifier setClientCol(String value) {
    return setValue("clientCol", value);
  }

  /** {@code rounds} ({@code federate.rounds}). */
  public IntParam rounds() {
    return param("rounds");
  }

  public FederatedClassifier setRounds(int value) {
    return setValue("rounds", value);
  }

  /** {@code clientsPerRound} ({@code federate.clients-per-round}). */
  public IntParam clientsPerRound() {
    return param("clientsPerRound");
  }

  public FederatedClassifier setClientsPerRound(int value) {
    return setValue("clientsPerRound", value);
  }

  /** {@code strategyKind} ({@code federate.strategy.kind}): fedavg | fedprox | fedavgm | fedadam | ... */
  public Param<String> strategyKind() {
    return param("strategyKind");
  }

  public FederatedClassifier setStrategyKind(String value) {
    return setValue("strategyKind", value);
  }

  /**
   * {@code partitionScheme} ({@code federate.partition.scheme}): iid | dirichlet | labeldir | shards |
   * quantity | natural.
   */
  public Param<String> partitionScheme() {
    return param("partitionScheme");
  }

  public FederatedClassifier setPartitionScheme(String value) {
    return setValue("partitionScheme", value);
  }

  /** {@code partitionClients} ({@code federate.partition.clients}): clients of a seeded scheme. */
  public IntParam partitionClients() {
    return param("partitionClients");
  }

  public FederatedClassifier setPartitionClients(int value) {
    return setValue("partitionClients", value);
  }

  /** {@code partitionMinExamples} ({@code federate.partition.min-examples}). */
  public IntParam partitionMinExamples() {
    return param("partitionMinExamples");
  }

  public FederatedClassifier setPartitionMinExamples(int value) {
    return setValue("partitionMinExamples", value);
  }

  /** {@code clientLocalEpochs} ({@code federate.client.local-epochs}). */
  public IntParam clientLocalEpochs() {
    return param("clientLocalEpochs");
  }

  public FederatedClassifier setClientLocalEpochs(int value) {
    return setValue("clientLocalEpochs", value);
  }

  /** {@code clientBatchSize} ({@code federate.client.batch-size}). */
  public IntParam clientBatchSize() {
    return param("clientBatchSize");
  }

  public FederatedClassifier setClientBatchSize(int value) {
    return setValue("clientBatchSize", value);
  }

  /** {@code clientLearningRate} ({@code federate.client.learning-rate}). */
  public DoubleParam clientLearningRate() {
    return param("clientLearningRate");
  }

  public FederatedClassifier setClientLearningRate(double value) {
    return setValue("clientLearningRate", value);
  }

  /** {@code curriculumEnabled} ({@code federate.curriculum.enabled}). */
  public BooleanParam curriculumEnabled() {
    return param("curriculumEnabled");
  }

  public FederatedClassifier setCurriculumEnabled(boolean value) {
    return setValue("curriculumEnabled", value);
  }

  /** {@code curriculumDataOrdering} ({@code federate.curriculum.data-ordering}). */
  public Param<String> curriculumDataOrdering() {
    return param("curriculumDataOrdering");
  }

  public FederatedClassifier setCurriculumDataOrdering(String value) {
    return setValue("curriculumDataOrdering", value);
  }

  /** {@code curriculumClientOrdering} ({@code federate.curriculum.client-ordering}). */
  public Param<String> curriculumClientOrdering() {
    return param("curriculumClientOrdering");
  }

  public FederatedClassifier setCurriculumClientOrdering(String value) {
    return setValue("curriculumClientOrdering", value);
  }

  @Override
  float[] fit(JavaSparkContext jsc, JobConfig config, MathOptions math, long seed, TrainingTable table,
      Provenance provenance) {
    FederateOptions opts = FederateOptions.from(config);
    FederatedFit.Setup setup = new FederatedFit.Setup(jsc, opts, math, seed, TestHooks.NONE,
        config.get(DataSourceOptions.CLIENT));
    FederatedData data = FederatedFit.data(setup, table);
    LOG.info("{} clients ({})", data.clients().count(), data.how());
    try (FederatedFit fit = FederatedFit.start(setup, data, "spark-ml-fit")) {
      SimulationState end = fit.simulation().run(fit.initialState(), (m, state) -> LOG.info(
          "round {}/{}: {} clients trained, {} failed, train loss {}", m.round(), fit.simulation().rounds(),
          m.succeeded(), m.failed(), m.meanTrainLoss()));
      provenance.result("rounds", end.completedRounds()).result("clients", data.clients().count())
          .result("partition", data.how()).result("backend", fit.backendName());
      return end.global();
    }
  }

  /** Reads an estimator saved with {@code write().save(path)} (Spark ML's Params metadata). */
  public static MLReader<FederatedClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static FederatedClassifier load(String path) {
    return read().load(path);
  }
}
