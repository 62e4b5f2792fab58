package io.fedspark.jobs.train;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.train.DataParallelOptions;
import io.fedspark.federated.engine.FaultInjection;
import io.fedspark.federated.train.DataParallelTraining;
import io.fedspark.federated.train.PartitionStep;
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
import io.fedspark.jobs.data.ShardSet;
import io.fedspark.jobs.data.Sharding;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.Model;
import io.fedspark.math.random.SeedSequence;
import java.util.Locale;

/**
 * {@code fedspark train}: one model trained over all executors on a fixed number of data partitions,
 * in one of two modes: local SGD (k local steps per partition, then the example-weighted average of
 * parameters and optimizer state) or synchronous SGD (the partitions' gradients of one global batch
 * averaged every step, the optimizer stepping on the driver). The loop is {@link DataParallelTraining}
 * (no Spark); this job is its configuration, data and outputs around it, on
 * {@link SparkTrainBackend} (native engine) or on an engine of {@link TrainEngines} (DL4J's Spark trainer,
 * in the Spark 3.5 build). The
 * reductions are exact and order-independent, so the model depends on the seed and
 * {@code train.partitions}, not on executors, task order or retries. Evaluates on the test split on
 * Spark (loss, accuracy, per-class precision/recall/F1, confusion matrix), stops early on a
 * plateau, checkpoints atomically and resumes bit-identically with {@code --resume DIR}.
 */
public final class TrainJob implements Job {
  static final String CHECKPOINT = "checkpoint/train-state.bin";

  /** Outcome of a run. */
  public record Result(RunDirectory runDir, float[] parameters, int epochs, double testAccuracy, boolean stoppedEarly)
      implements JobOutcome {}

  @Override
  public void validate(ConfigView config) {
    TrainOptions opts = TrainOptions.from(config);
    if (opts.engine() != TrainOptions.Engine.NATIVE) {
      TrainEngines.require(opts.engine()).checkSupported(opts, TestHooks.fromSystemProperties());
    }
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
    TrainingTable table = DataPlane.load(job, opts.dataset(), TrainOptions.DATASET.key(), TrainOptions.MODEL.key(),
        opts.model(), false);
    SeedSequence seeds = SeedSequence.root(job.run().seed());
    int parts = opts.training().partitions();
    if (table.trainRows() < parts) {
      throw new InvalidConfigException(DataParallelOptions.PARTITIONS.key() + " = " + parts + ": the table has only "
          + table.trainRows() + " training rows; expected at most one partition per row");
    }
    ShardSet train = Sharding.partitions(table.train(), table.trainRows(), parts, seeds.derive("train-partition").seed(),
        table.featureCount(), table.numClasses());
    ShardSet test = Sharding.partitions(table.test(), table.testRows(), (int) Math.min(parts, table.testRows()),
        seeds.derive("test-partition").seed(), table.featureCount(), table.numClasses());
    job.provenance().dataNote("training rows cut into " + parts + " partitions in the seeded order of their row keys");
    float[] initial = Model.create(opts.model(), seeds.derive("model-init").seed()).parameters().clone();
    TrainOutputs out = new TrainOutputs(job, opts, fingerprint, table.numClasses());
    if (resumed != null) {
      System.out.printf(Locale.ROOT, "[train] resuming %s after epoch %d%n", job.runDir(), resumed.epoch());
    }
    try {
      if (opts.engine() != TrainOptions.Engine.NATIVE) {
        return TrainEngines.require(opts.engine()).run(job, opts, fingerprint, train, test, table.numClasses(), initial,
            resumed, out);
      }
      return trainNative(job, opts, train, test, table.numClasses(), initial, resumed, out);
    } finally {
      train.release();
      test.release();
      job.jsc().clearJobGroup();
    }
  }

  private static Result trainNative(JobRun job, TrainOptions opts, ShardSet train, ShardSet test, int classes,
      float[] initial, TrainCheckpoint resumed, TrainOutputs out) {
    TestHooks hooks = job.hooks();
    FaultInjection faults = hooks.faultFraction() > 0 ? new FaultInjection(hooks.faultFraction(), job.run().seed())
        : FaultInjection.NONE;
    PartitionStep step = new PartitionStep(opts.model().toString(), opts.training().optimizer(), job.math().backend(),
        job.math().blasThreads(), job.run().seed(), faults);
    System.out.printf(Locale.ROOT, "[train] %s on %s: %d examples in %d partitions, %s, %s, math %s%n", opts.model(),
        opts.dataset().configName(), train.examples(), train.count(), opts.training().mode().configName(),
        opts.training().optimizer().kind().configName(), MathRuntime.description());
    SparkTrainBackend backend = new SparkTrainBackend(job.jsc(), train, test, step, opts.model(), classes, job.math());
    DataParallelTraining.Result r = DataParallelTraining.on(opts.training(), backend, resumed, out.fingerprint())
        .run(initial, resumed, out, hooks::stopsAfter);
    return out.finish(r, "native");
  }

  /** The settings that determine the model: train.*, eval.every, the seed, the math backend. */
  static String fingerprint(JobConfig cfg) {
    return ConfigFingerprint.of(cfg, TrainJob::determinesTheModel);
  }

  /** Whether a key changes the trained model (the fingerprint's keys and the metrics' run columns). */
  static boolean determinesTheModel(String key) {
    return key.startsWith("train.") || key.equals("eval.every") || key.equals("run.seed") || key.equals("math.backend")
        || DataSourceOptions.determinesTheData(key);
  }
}
