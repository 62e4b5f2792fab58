package io.fedspark.jobs.federate;

import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.engine.FederatedSimulation;
import io.fedspark.federated.engine.SimulationState;
import io.fedspark.federated.partition.NaturalClients;
import io.fedspark.federated.partition.PartitionScheme;
import io.fedspark.federated.partition.SkewReport;
import io.fedspark.jobs.Job;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobOutcome;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.config.ConfigFingerprint;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.data.DataPlane;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.data.TableLoader;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.jobs.io.RunDirectory;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fedspark federate}: simulated federated learning with virtual clients as Spark partitions
 * (or in-process), with the curriculum orderings of Vahidian et al. (ICCV 2023). Partitions the
 * training set into clients ({@link FederatedData}, skew report written), optionally trains the
 * expert scoring model, and runs the round loop of {@link FederatedSimulation} on the chosen
 * backend, all through {@link FederatedFit} (the path the Spark ML estimator
 * {@code FederatedClassifier} shares); writes per-round metrics, checkpoints (every
 * {@code federate.checkpoint.every} rounds, atomically), provenance and the trained model
 * ({@code model/}) through {@link FederateOutputs}. {@code --resume DIR} continues a run from its
 * checkpoint bit-identically.
 */
public final class FederateJob implements Job {
  static final String CHECKPOINT = "checkpoint/state.bin";

  /** Outcome of a run ({@code state} is null when the stop hook interrupted it). */
  public record Result(RunDirectory runDir, SimulationState state) implements JobOutcome {
    public double finalAccuracy() {
      return state.history().get(state.history().size() - 1).testAccuracy();
    }
  }

  @Override
  public void validate(ConfigView config) {
    FederateOptions.from(config);
  }

  @Override
  public boolean determinesTheResult(String key) {
    return determinesTheModel(key);
  }

  @Override
  public JobOutcome run(JobContext context) {
    return run(context, context.resume());
  }

  /**
   * @param resumeDir a previous run directory to continue, or null
   */
  public static Result run(JobContext ctx, String resumeDir) {
    FederateOptions opts = FederateOptions.from(ctx.config());
    JobRun job = JobRun.start(ctx, resumeDir);
    String fingerprint = fingerprint(ctx.config());
    FederateOutputs out = new FederateOutputs(job, opts);
    SimulationState resumed = resumeDir == null ? null : out.readCheckpoint(CHECKPOINT, fingerprint);
    DataSourceOptions src = DataPlane.source(job, opts.dataset(), FederateOptions.DATASET.key());
    TrainingTable table = TableLoader.load(job, src, FederateOptions.MODEL.key(), opts.model(),
        opts.partition().scheme() == PartitionScheme.NATURAL);
    FederatedFit.Setup setup = new FederatedFit.Setup(job.jsc(), opts, job.math(), job.run().seed(), job.hooks(),
        job.config().get(DataSourceOptions.CLIENT));
    FederatedData data = FederatedFit.data(setup, table);
    try {
      report(job, data, out);
    } catch (RuntimeException e) {
      data.release();
      throw e;
    }
    try (FederatedFit fit = FederatedFit.start(setup, data, fingerprint)) {
      if (!Double.isNaN(fit.expertTestAccuracy())) {
        System.out.printf(Locale.ROOT, "[federate] expert scoring model: test accuracy %.2f%%%n",
            100 * fit.expertTestAccuracy());
        job.provenance().result("expertTestAccuracy", fit.expertTestAccuracy());
      }
      SimulationState start = resumed != null ? resumed : fit.initialState();
      if (resumed != null) {
        job.removeOrphans();
      }
      return out.run(fit.simulation(), start, fit.backendName(), fingerprint, src, table);
    } finally {
      job.jsc().clearJobGroup();
    }
  }

  /**
   * The skew report of the clients' label histograms (written with the first checkpoint: a run that
   * fails before its first round completes leaves no run directory, and a resume leaves the run's
   * files as they are until it continues), the console line and provenance.
   */
  private static void report(JobRun job, FederatedData data, FederateOutputs out) {
    NaturalClients nc = data.natural();
    if (nc != null) {
      job.provenance().result("naturalClients", Map.of("clients", nc.count(), "droppedClients", nc.droppedClients(),
          "droppedExamples", nc.droppedExamples()));
    }
    SkewReport skew = data.clients().skew();
    out.withFirstCheckpoint("skew-report.csv", skew.toCsv());
    out.withFirstCheckpoint("skew-summary.json", skew.toJson());
    System.out.printf(Locale.ROOT, "[federate] %d clients (%s): %s%n", data.clients().count(), data.how(),
        skew.summary().lines().findFirst().orElse(""));
    job.provenance().dataNote("federated clients: " + data.how());
  }

  /**
   * Identifies the settings that determine the result: every {@code federate.*} key except those
   * that only say where or how fast it runs, plus the seed and the math backend.
   */
  static String fingerprint(JobConfig cfg) {
    return ConfigFingerprint.of(cfg, FederateJob::determinesTheModel);
  }

  /** Whether a key changes the result (the fingerprint's keys and the metrics' run columns). */
  static boolean determinesTheModel(String k) {
    return (k.startsWith("federate.") || k.equals("run.seed") || k.equals("math.backend")
        || DataSourceOptions.determinesTheData(k))
        && !k.equals("federate.backend") && !k.equals("federate.spark-partitions")
        && !k.equals("federate.in-process-threads") && !k.equals("federate.checkpoint.every");
  }
}
