package io.fedspark.jobs.train;

import io.fedspark.federated.train.ConfusionAccumulator;
import io.fedspark.federated.train.DataParallelTraining;
import io.fedspark.federated.train.EpochMetrics;
import io.fedspark.federated.train.TrainCheckpoint;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.cli.UserInputException;
import io.fedspark.jobs.data.DataSourceOptions;
import io.fedspark.jobs.data.ShardSet;
import io.fedspark.jobs.data.TrainingTable;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.ml.ModelDirectory;
import io.fedspark.jobs.io.CheckpointFile;
import io.fedspark.jobs.io.RunConfiguration;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.report.LinePlot;
import io.fedspark.jobs.report.MetricsTable;
import io.fedspark.jobs.report.RunColumns;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;

/**
 * What {@code fedspark train} shows and writes, for either engine: the console lines, the
 * checkpoint and metrics of each due epoch (the metrics never ahead of the checkpoint), and at the
 * end the metrics table ({@code metrics.csv|json|parquet}), per-class figures, the confusion
 * matrix, the accuracy plot, the provenance and the trained model ({@code model/}, {@link ModelDirectory}).
 */
final class TrainOutputs implements DataParallelFit.Listener {
  private final JobRun job;
  private final TrainOptions opts;
  private final String fingerprint;
  private final TrainingTable table;
  private final DataSourceOptions src;

  /**
   * @param table the table trained on (its classes and label map go into the model)
   * @param src how it was read (the model's feature column, label column and feature scale)
   */
  TrainOutputs(JobRun job, TrainOptions opts, String fingerprint, TrainingTable table, DataSourceOptions src) {
    this.job = job;
    this.opts = opts;
    this.fingerprint = fingerprint;
    this.table = table;
    this.src = src;
  }

  String fingerprint() {
    return fingerprint;
  }

  int classes() {
    return table.numClasses();
  }

  /** Records how the training rows were cut (both engines). */
  void notePartitions() {
    job.provenance().dataNote("training rows cut into " + opts.training().partitions()
        + " partitions in the seeded order of their row keys");
  }

  @Override
  public void onPartitions(ShardSet train) {
    notePartitions();
    System.out.printf(Locale.ROOT, "[train] %s on %s: %d examples in %d partitions, %s, %s, compression %s, math %s%n",
        opts.model(), opts.dataset().configName(), train.examples(), train.count(), opts.training().mode().configName(),
        opts.training().optimizer().kind().configName(), opts.training().compression().describe(),
        MathRuntime.description());
  }

  @Override
  public void onEpochStart(int epoch, int epochs) {
    job.jsc().setJobGroup("train-epoch-" + epoch, "fedspark train: epoch " + epoch + " of " + epochs, false);
  }

  @Override
  public void onSync(int epoch, int done, int total, double loss, long seen, long t0) {
    if (total >= 10 && done % Math.max(1, total / 5) != 0 && done != total) {
      return;
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "[train] epoch %d/%d  step %d/%d  loss %.4f  %.0f examples/s  ETA(epoch) %.1f s%n",
        epoch, opts.training().epochs(), done, total, loss, seen / secs, secs / done * (total - done));
  }

  @Override
  public void onEpoch(EpochMetrics m, ConfusionAccumulator eval, TrainCheckpoint checkpoint, double eta) {
    System.out.printf(Locale.ROOT, "[train] epoch %d/%d  train loss %.4f  train acc %.2f%%%s  %.0f examples/s%s  %.1f s  ETA %.0f s%n",
        m.epoch(), opts.training().epochs(), m.trainLoss(), 100 * m.trainAccuracy(),
        m.evaluated() ? String.format(Locale.ROOT, "  test loss %.4f  test acc %.2f%%", m.testLoss(), 100 * m.testAccuracy()) : "",
        m.examplesPerSecond(), Double.isNaN(m.bytesPerSync()) ? ""
            : String.format(Locale.ROOT, "  %.1f KB per partition and sync", m.bytesPerSync() / 1024),
        m.seconds(), eta);
    if (checkpoint != null) {
      RunDirectory dir = job.runDir();
      RunConfiguration.writeOnce(dir, job.config());
      byte[] bytes = checkpoint.toBytes();
      dir.files().write(dir.resolve(TrainJob.CHECKPOINT), out -> out.write(bytes));
      new MetricsTable<>("metrics", checkpoint.history()).writeText(dir);
    }
  }

  @Override
  public void onEarlyStop(String message) {
    System.out.println(message);
  }

  /** Writes the results of a finished (or interrupted) run and returns its outcome. */
  TrainJob.Result finish(DataParallelTraining.Result r, String engine) {
    RunDirectory dir = job.runDir();
    if (r.interrupted()) {
      System.out.printf(Locale.ROOT, "[train] stopped after epoch %d (fedspark.test.stop-after); resume with --resume %s%n",
          r.epochs(), dir);
      return new TrainJob.Result(dir, r.params(), r.epochs(), Double.NaN, false);
    }
    ConfusionAccumulator eval = r.evaluation();
    RunColumns run = RunColumns.of(dir.name(), "train", job.run().seed(), job.config(), TrainJob::determinesTheModel);
    new MetricsTable<>("metrics", r.history()).write(dir, job.spark(), run);
    dir.writeString("per-class.csv", eval.perClassCsv());
    dir.writeString("confusion-matrix.csv", eval.matrixCsv());
    writePlot(dir, r.history());
    job.provenance().result("testAccuracy", eval.accuracy()).result("testLoss", eval.meanLoss()).result("epochs", r.epochs())
        .result("stoppedEarly", r.stoppedEarly()).result("fingerprint", fingerprint).result("engine", engine);
    job.provenance().writeTo(dir);
    ModelDirectory.writeRunModel(dir, opts.model(), r.params(), table.labelNames(), src, job.provenance().toJson());
    System.out.printf(Locale.ROOT, "[train] final test accuracy %.2f%% (%s, %s%s); results in %s%n", 100 * eval.accuracy(),
        opts.model(), opts.dataset().configName(), engine.equals("native") ? "" : ", engine " + engine, dir);
    return new TrainJob.Result(dir, r.params(), r.epochs(), eval.accuracy(), r.stoppedEarly());
  }

  private static void writePlot(RunDirectory dir, List<EpochMetrics> history) {
    List<EpochMetrics> evaluated = history.stream().filter(EpochMetrics::evaluated).toList();
    double[] x = evaluated.stream().mapToDouble(EpochMetrics::epoch).toArray();
    byte[] png = new LinePlot("Accuracy per epoch", "epoch", "accuracy %")
        .add(new LinePlot.Series("test", x, evaluated.stream().mapToDouble(m -> 100 * m.testAccuracy()).toArray()))
        .add(new LinePlot.Series("train", x, evaluated.stream().mapToDouble(m -> 100 * m.trainAccuracy()).toArray()))
        .toPng();
    dir.files().write(dir.resolve("accuracy.png"), out -> out.write(png));
  }

  /**
   * The checkpoint to resume, refused (exit 2, before anything is written) if it is missing, empty,
   * corrupt or was written under other settings.
   */
  static TrainCheckpoint readCheckpoint(HadoopFiles files, Path p, String fingerprint) {
    byte[] bytes = CheckpointFile.read(files, p, "training checkpoint");
    TrainCheckpoint cp;
    try {
      cp = TrainCheckpoint.fromBytes(bytes, p.toString());
    } catch (IOException | RuntimeException e) {
      throw new UserInputException("--resume: " + e.getMessage() + "; the run cannot continue from it");
    }
    if (!cp.fingerprint().equals(fingerprint)) {
      throw new UserInputException("--resume: " + p + " belongs to another configuration (fingerprint " + cp.fingerprint()
          + ", this run " + fingerprint + "); resume with the configuration it was made with");
    }
    return cp;
  }
}
