package io.fedspark.jobs.train;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import io.fedspark.jobs.data.DatasetName;
import io.fedspark.federated.train.DataParallelOptions;
import io.fedspark.jobs.federate.FederateOptions;
import io.fedspark.math.Choice;
import io.fedspark.math.nn.ModelSpec;

/**
 * Options of {@code fedspark train}: the job's own keys (data, model, engine), declared here, and
 * the training loop's ({@link DataParallelOptions}: keys under {@code train.}, {@code eval.},
 * {@code checkpoint.}).
 */
public record TrainOptions(DatasetName dataset, ModelSpec model, Engine engine, Exchange exchange,
    DataParallelOptions training) {
  /** {@code train.dataset}. */
  public static final Setting<DatasetName> DATASET = Setting.choice("train.dataset", DatasetName.class, DatasetName.MNIST);
  /** {@code train.model}. */
  public static final Setting<ModelSpec> MODEL = FederateOptions.modelSetting("train.model", "mlp:784-200-10");
  /** {@code train.engine}: native (core-math) | dl4j (DL4J Spark ParameterAveragingTrainingMaster). */
  public static final Setting<Engine> ENGINE = Setting.choice("train.engine", Engine.class, Engine.NATIVE);

  /**
   * {@code train.exchange}: how the native engine's partitions synchronise on Spark: jobs (one Spark
   * job per synchronisation, the default) | barrier (one gang-scheduled stage per epoch: faster).
   */
  public static final Setting<Exchange> EXCHANGE = Setting.choice("train.exchange", Exchange.class, Exchange.JOBS);

  /** How the native engine's partitions synchronise on Spark; the model is the same bit for bit. */
  public enum Exchange implements Choice {
    /** One Spark job per synchronisation, reduced on the driver ({@link SparkTrainBackend}). */
    JOBS,
    /**
     * One barrier stage per epoch whose tasks exchange their contributions ({@link BarrierEpochDriver});
     * a task runs several partitions when there are fewer slots, and an epoch without its slots runs as
     * {@link #JOBS}.
     */
    BARRIER
  }

  /** Which implementation trains. */
  public enum Engine implements Choice {
    NATIVE,
    DL4J
  }

  /** The options in {@code c}. */
  public static TrainOptions from(ConfigView c) {
    return new TrainOptions(c.get(DATASET), c.get(MODEL), c.get(ENGINE), c.get(EXCHANGE),
        DataParallelOptions.from(c));
  }
}
