package io.fedspark.jobs.federate;

import io.fedspark.federated.engine.CheckpointCodec;
import io.fedspark.federated.engine.FederatedSimulation;
import io.fedspark.federated.engine.RoundMetrics;
import io.fedspark.federated.engine.SimulationState;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.cli.UserInputException;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.jobs.io.CheckpointFile;
import io.fedspark.jobs.io.RunConfiguration;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.ml.ModelDirectory;
import io.fedspark.jobs.report.LinePlot;
import io.fedspark.jobs.report.MetricsTable;
import io.fedspark.jobs.report.RunColumns;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;

/**
 * What {@code fedspark federate} shows and writes: a console line per round, the checkpoint and
 * metrics of every due round (metrics never ahead of the checkpoint), and at the end the metrics
 * table ({@code metrics.csv|json|parquet}), the accuracy plot, the provenance and the trained model
 * ({@code model/}, {@link ModelDirectory}).
 */
final class FederateOutputs {
  private final JobRun job;
  private final FederateOptions opts;

  /** Files written with the next checkpoint (the skew report), by name, in order. */
  private final java.util.Map<String, String> pending = new java.util.LinkedHashMap<>();

  FederateOutputs(JobRun job, FederateOptions opts) {
    this.job = job;
    this.opts = opts;
  }

  /**
   * Writes {@code name} with the next checkpoint (so a run that fails before one writes nothing),
   * unless the run directory has it already (a resumed run: the content is the same).
   */
  void withFirstCheckpoint(String name, String text) {
    if (!job.runDir().exists(name)) {
      pending.put(name, text);
    }
  }

  /**
   * Runs the simulation from {@code start} with this as its listener; writes the results and the
   * model of {@code table}'s classes, read through {@code src}.
   */
  FederateJob.Result run(FederatedSimulation sim, SimulationState start, String backendName, String fingerprint,
      DataSourceOptions src, TrainingTable table) {
    RunDirectory dir = job.runDir();
    if (start.completedRounds() > 0) {
      System.out.printf(Locale.ROOT, "[federate] resuming %s after round %d%n", dir, start.completedRounds());
    }
    SimulationState end;
    try {
      end = sim.run(start, (m, state) -> onRound(m, state, sim.rounds()));
    } catch (StopRequested stop) {
      System.out.printf(Locale.ROOT, "[federate] stopped after round %d (fedspark.test.stop-after); resume with --resume %s%n",
          stop.round, dir);
      return new FederateJob.Result(dir, null);
    }
    RunColumns run = RunColumns.of(dir.name(), job.context().command(), job.run().seed(), job.config(),
        FederateJob::determinesTheModel);
    new MetricsTable<>("metrics", end.history()).write(dir, job.spark(), run);
    writePlot(dir, end.history());
    double acc = end.history().get(end.history().size() - 1).testAccuracy();
    job.provenance().result("finalTestAccuracy", acc).result("rounds", end.completedRounds()).result("backend", backendName)
        .result("fingerprint", fingerprint);
    job.provenance().writeTo(dir);
    ModelDirectory.writeRunModel(dir, opts.model(), end.global(), table.labelNames(), src, job.provenance().toJson());
    System.out.printf(Locale.ROOT, "[federate] final test accuracy %.2f%% after %d rounds; results in %s%n", 100 * acc,
        end.completedRounds(), dir);
    return new FederateJob.Result(dir, end);
  }

  /** @param rounds the run's planned rounds (a budget schedule may run past federate.rounds) */
  private void onRound(RoundMetrics m, SimulationState state, int rounds) {
    job.jsc().setJobGroup("federate-round-" + (m.round() + 1), "fedspark federate: round " + (m.round() + 1) + " of "
        + rounds, false);
    System.out.printf(Locale.ROOT,
        "[federate] round %d/%d  clients %d ok %d failed  train loss %.4f  test acc %s  paced %d..%d  %.2f s%n",
        m.round(), rounds, m.succeeded(), m.failed(), m.meanTrainLoss(),
        Double.isNaN(m.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * m.testAccuracy()),
        m.pacedMin(), m.pacedMax(), m.seconds());
    if (state != null) {
      RunDirectory dir = job.runDir();
      RunConfiguration.writeOnce(dir, job.config());
      pending.forEach(dir::writeString);
      pending.clear();
      dir.files().write(dir.resolve(FederateJob.CHECKPOINT), out -> CheckpointCodec.write(state, out));
      new MetricsTable<>("metrics", state.history()).writeText(dir);
    }
    if (job.hooks().stopsAfter(m.round())) {
      throw new StopRequested(m.round());
    }
  }

  private static void writePlot(RunDirectory dir, List<RoundMetrics> history) {
    List<RoundMetrics> evaluated = history.stream().filter(m -> !Double.isNaN(m.testAccuracy())).toList();
    double[] x = evaluated.stream().mapToDouble(RoundMetrics::round).toArray();
    double[] y = evaluated.stream().mapToDouble(m -> 100 * m.testAccuracy()).toArray();
    byte[] png = new LinePlot("Global test accuracy per round", "round", "accuracy %")
        .add(new LinePlot.Series("test accuracy", x, y)).toPng();
    dir.files().write(dir.resolve("accuracy.png"), out -> out.write(png));
  }

  /**
   * The checkpoint of the run directory being resumed, refused (exit 2, before anything is written)
   * if it is missing, empty, corrupt or was made under another configuration.
   */
  SimulationState readCheckpoint(String name, String fingerprint) {
    Path p = job.runDir().resolve(name);
    byte[] bytes = CheckpointFile.read(job.files(), p, "checkpoint");
    SimulationState s;
    try {
      s = CheckpointCodec.read(new java.io.ByteArrayInputStream(bytes), p.toString());
    } catch (IOException e) {
      throw new UserInputException("--resume: " + e.getMessage() + "; the run cannot continue from it");
    }
    if (!s.fingerprint().equals(fingerprint)) {
      throw new UserInputException("--resume: " + p + " belongs to another configuration (fingerprint " + s.fingerprint()
          + ", this run " + fingerprint + "); resume with the configuration it was made with");
    }
    return s;
  }

  /** Test-only interruption after a given round, as if the driver had died there. */
  private static final class StopRequested extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int round;

    StopRequested(int round) {
      super("stopped after round " + round, null, false, false);
      this.round = round;
    }
  }
}
