package io.fedspark.jobs.train;

import io.fedspark.federated.compress.CompressionOptions;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.train.DataParallelTraining;
import io.fedspark.federated.train.TrainCheckpoint;
import io.fedspark.jobs.Job;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobOutcome;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.config.ConfigFingerprint;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.data.DataPlane;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.data.TableLoader;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.jobs.io.RunDirectory;
import java.util.Locale;

/**
 * {@code fedspark train}: one model trained over all executors on a fixed number of data partitions,
 * in one of two modes: local SGD (k local steps per partition, then the example-weighted average of
 * parameters and optimizer state) or synchronous SGD (the partitions' gradients of one global batch
 * averaged every step, the optimizer stepping on the driver). The loop is {@link DataParallelTraining}
 * (no Spark); this job is its configuration, data and outputs around it, on
 * {@link SparkTrainBackend} (native engine, through {@link DataParallelFit}, the path the Spark ML
 * estimator {@code NeuralNetClassifier} shares) or on an engine of {@link TrainEngines} (DL4J's Spark
 * trainer, in the Spark 3.5 build). The
 * reductions are exact and order-independent, so the model depends on the seed and
 * {@code train.partitions}, not on executors, task order or retries. Evaluates on the test split on
 * Spark (loss, accuracy, per-class precision/recall/F1, confusion matrix), stops early on a
 * plateau, checkpoints atomically, resumes bit-identically with {@code --resume DIR}, and writes the
 * trained model to {@code model/} (the Spark ML model's format: {@code io.fedspark.ml.ModelDirectory}).
 */
public final class TrainJob implements Job {
  static final String CHECKPOINT = "checkpoint/train-state.bin";

  /** Outcome of a run. */
  public record Result(RunDirectory runDir, float[] parameters, int epochs, double testAccuracy, boolean stoppedEarly)
      implements JobOutcome {}

  @Override
  public void validate(ConfigView config) {
    TrainOptions opts = TrainOptions.from(config);
    if (opts.engine() != TrainOptions.Engine.NATIVE && opts.training().compression().enabled()) {
      throw InvalidConfigException.of(CompressionOptions.METHOD.key(), opts.training().compression().method().configName(),
          "none with " + TrainOptions.ENGINE.key() + " = " + opts.engine().configName()
          + " (compression is the native engine's)", null);
    }
    if (opts.engine() != TrainOptions.Engine.NATIVE) {
      TrainEngines.require(opts.engine()).checkSupported(opts, TestHooks.fromSystemProperties());
    }
  }

  @Override
  public boolean determinesTheResult(String key) {
    return determinesTheModel(key);
  }

  @Override
  public JobOutcome run(JobContext context) {
    return run(context, context.resume());
  }

  /** Runs {@code fedspark train}, continuing {@code resumeDir} unless null. */
  public static Result run(JobContext ctx, String resumeDir) {
    new TrainJob().validate(ctx.config());
    TrainOptions opts = TrainOptions.from(ctx.config());
    JobRun job = JobRun.start(ctx, resumeDir);
    String fingerprint = fingerprint(ctx.config());
    TrainCheckpoint resumed = resumeDir == null ? null
        : TrainOutputs.readCheckpoint(job.files(), job.runDir().resolve(CHECKPOINT), fingerprint);
    DataSourceOptions src = DataPlane.source(job, opts.dataset(), TrainOptions.DATASET.key());
    TrainingTable table = TableLoader.load(job, src, TrainOptions.MODEL.key(), opts.model(), false);
    TrainOutputs out = new TrainOutputs(job, opts, fingerprint, table, src);
    if (resumed != null) {
      System.out.printf(Locale.ROOT, "[train] resuming %s after epoch %d%n", job.runDir(), resumed.epoch());
      job.removeOrphans();
    }
    DataParallelFit.Setup setup = new DataParallelFit.Setup(job.jsc(), opts, job.math(), job.run().seed(), job.hooks());
    try {
      if (opts.engine() != TrainOptions.Engine.NATIVE) {
        return trainOnEngine(job, setup, table, fingerprint, resumed, out);
      }
      return out.finish(DataParallelFit.run(setup, table, resumed, fingerprint, out), "native");
    } finally {
      job.jsc().clearJobGroup();
    }
  }

  /** An optional engine of this build ({@link TrainEngines}) on the same partitions as the native one. */
  private static Result trainOnEngine(JobRun job, DataParallelFit.Setup setup, TrainingTable table, String fingerprint,
      TrainCheckpoint resumed, TrainOutputs out) {
    DataParallelFit.Shards shards = DataParallelFit.shards(table, setup.options().training().partitions(),
        setup.seed());
    try {
      out.notePartitions();
      float[] initial = DataParallelFit.initialParameters(setup.options().model(), setup.seed());
      return TrainEngines.require(setup.options().engine()).run(job, setup.options(), fingerprint, shards.train(),
          shards.test(), table.numClasses(), initial, resumed, out);
    } finally {
      shards.release();
    }
  }

  /** The settings that determine the model: train.*, eval.every, the seed, the math backend. */
  static String fingerprint(JobConfig cfg) {
    return ConfigFingerprint.of(cfg, TrainJob::determinesTheModel);
  }

  /**
   * Whether a key changes the trained model (the fingerprint's keys and the metrics' run columns).
   * {@code train.exchange} does not (both modes give the same model bit for bit): a run checkpointed
   * in one mode resumes in the other.
   */
  static boolean determinesTheModel(String key) {
    return key.startsWith("train.") && !key.equals(TrainOptions.EXCHANGE.key()) || key.equals("eval.every") || key.equals("run.seed") || key.equals("math.backend")
        || DataSourceOptions.determinesTheData(key);
  }
}
