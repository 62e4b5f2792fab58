package io.fedspark.ml;

import io.fedspark.federated.config.Setting;
import io.fedspark.federated.train.ConfusionAccumulator;
import io.fedspark.federated.train.DataParallelTraining;
import io.fedspark.federated.train.EpochMetrics;
import io.fedspark.federated.train.TrainCheckpoint;
import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.jobs.train.DataParallelFit;
import io.fedspark.jobs.train.TrainOptions;
import io.fedspark.math.nn.ModelSpec;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-parallel training of a fedspark network as a Spark ML estimator: the {@code fedspark train}
 * job's native engine ({@link DataParallelFit}: the rows cut into {@code partitions} seeded
 * partitions on the executors, local SGD with parameter and optimizer-state averaging every
 * {@code localSteps} steps, or synchronous gradient averaging; exact order-independent reductions)
 * on the rows of a DataFrame. Its Params are the {@code train.*} keys of {@code conf/defaults.conf}
 * (all but {@code dataset}, {@code engine} and the early-stopping keys, which need test data), named
 * in camel case ({@code train.optimizer.learning-rate} is {@code optimizerLearningRate}), with
 * their defaults and checks, plus the columns and {@code seed}. The same rows, settings and seed
 * give the parameters {@code fedspark train} gives, bit for bit.
 *
 * <pre>{@code
 * NeuralNetClassificationModel model = new NeuralNetClassifier()
 *     .setModel("mlp:64-32-10").setEpochs(5).setOptimizerLearningRate(0.1).fit(train);
 * model.transform(test).select("prediction", "probability").show();
 * }</pre>
 */
public final class NeuralNetClassifier extends NetworkClassifier<NeuralNetClassifier> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(NeuralNetClassifier.class);

  /**
   * The {@code train.*} keys that are no Params: the job's data source and engine (and early
   * stopping, excluded by prefix: a fit has no test data).
   */
  private static final Set<String> NOT_PARAMS = Set.of("train.dataset", "train.engine");

  public NeuralNetClassifier() {
    this(StageUid.next(null));
  }

  public NeuralNetClassifier(String uid) {
    this(StageUid.next(uid));
  }

  private NeuralNetClassifier(StageUid.Pending pending) {
    super(pending, "train.", key -> !NOT_PARAMS.contains(key) && !key.startsWith("train.early-stopping."), Map.of());
  }

  @Override
  String uidPrefix() {
    return "nnClassifier";
  }

  @Override
  Setting<ModelSpec> modelSetting() {
    return TrainOptions.MODEL;
  }

  @Override
  boolean needsClients(JobConfig config) {
    return false;
  }

  /** {@code epochs} ({@code train.epochs}). */
  public IntParam epochs() {
    return param("epochs");
  }

  public NeuralNetClassifier setEpochs(int value) {
    return setValue("epochs", value);
  }

  /** {@code partitions} ({@code train.partitions}): data partitions; the model depends on it, not on executors. */
  public IntParam partitions() {
    return param("partitions");
  }

  public NeuralNetClassifier setPartitions(int value) {
    return setValue("partitions", value);
  }

  /** {@code batchSize} ({@code train.batch-size}). */
  public IntParam batchSize() {
    return param("batchSize");
  }

  public NeuralNetClassifier setBatchSize(int value) {
    return setValue("batchSize", value);
  }

  /** {@code localSteps} ({@code train.local-steps}): local SGD steps between two averagings. */
  public IntParam localSteps() {
    return param("localSteps");
  }

  public NeuralNetClassifier setLocalSteps(int value) {
    return setValue("localSteps", value);
  }

  /** {@code exchange} ({@code train.exchange}): jobs | barrier (faster; docs/configuration.md). */
  public Param<String> exchange() {
    return param("exchange");
  }

  public NeuralNetClassifier setExchange(String value) {
    return setValue("exchange", value);
  }

  /** {@code mode} ({@code train.mode}): local-sgd | sync-gradient. */
  public Param<String> mode() {
    return param("mode");
  }

  public NeuralNetClassifier setMode(String value) {
    return setValue("mode", value);
  }

  /** {@code optimizerKind} ({@code train.optimizer.kind}): sgd | adam | adamw | signsgd. */
  public Param<String> optimizerKind() {
    return param("optimizerKind");
  }

  public NeuralNetClassifier setOptimizerKind(String value) {
    return setValue("optimizerKind", value);
  }

  /** {@code optimizerLearningRate} ({@code train.optimizer.learning-rate}). */
  public DoubleParam optimizerLearningRate() {
    return param("optimizerLearningRate");
  }

  public NeuralNetClassifier setOptimizerLearningRate(double value) {
    return setValue("optimizerLearningRate", value);
  }

  @Override
  float[] fit(JavaSparkContext jsc, JobConfig config, MathOptions math, long seed, TrainingTable table,
      Provenance provenance) {
    TrainOptions opts = TrainOptions.from(config);
    DataParallelFit.Setup setup = new DataParallelFit.Setup(jsc, opts, math, seed, TestHooks.NONE);
    DataParallelTraining.Result r = DataParallelFit.run(setup, table, null, "spark-ml-fit", new EpochLog(opts));
    provenance.result("epochs", r.epochs()).result("engine", "native");
    return r.params();
  }

  /** Each epoch's training loss and accuracy in the log. */
  private static final class EpochLog implements DataParallelFit.Listener {
    private final TrainOptions opts;

    EpochLog(TrainOptions opts) {
      this.opts = opts;
    }

    @Override
    public void onEpoch(EpochMetrics m, ConfusionAccumulator evaluation, TrainCheckpoint checkpoint, double eta) {
      LOG.info("{} epoch {}/{}: train loss {}, train accuracy {}, {} s", opts.model(), m.epoch(),
          opts.training().epochs(), m.trainLoss(), m.trainAccuracy(), m.seconds());
    }
  }

  /** Reads an estimator saved with {@code write().save(path)} (Spark ML's Params metadata). */
  public static MLReader<NeuralNetClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static NeuralNetClassifier load(String path) {
    return read().load(path);
  }
}
