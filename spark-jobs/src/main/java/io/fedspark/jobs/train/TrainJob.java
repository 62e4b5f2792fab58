package io.fedspark.jobs.train;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.engine.FaultInjection;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.config.ConfigFingerprint;
import io.fedspark.jobs.cli.UserInputException;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.config.RunOptions;
import io.fedspark.federated.client.ClientShard;
import io.fedspark.jobs.data.TrainTest;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.jobs.report.LinePlot;
import io.fedspark.jobs.report.ParquetMetrics;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.Model;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.optim.Optimizer;
import io.fedspark.math.optim.OptimizerState;
import io.fedspark.math.random.SeedSequence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code fedspark train}: one model trained over all executors on a fixed number of data partitions,
 * in one of two modes: local SGD (k local steps per partition, then the example-weighted average of
 * parameters and optimizer state) or synchronous SGD (the partitions' gradients of one global batch
 * averaged every step, the optimizer stepping on the driver). Every synchronisation is broadcast ->
 * treeAggregate -> destroy; the reductions are exact and order-independent, so the model depends on
 * the seed and {@code train.partitions}, not on executors, task order or retries. Evaluates on the
 * test split on Spark (loss, accuracy, per-class precision/recall/F1, confusion matrix), stops early
 * on a plateau, checkpoints atomically and resumes bit-identically with {@code --resume DIR}.
 */
public final class TrainJob {
  static final String CHECKPOINT = "checkpoint/train-state.bin";
  static final String CSV_HEADER = "epoch,steps,train_loss,train_accuracy,test_loss,test_accuracy,examples_per_second,seconds";

  /** Outcome of a run. */
  public record Result(RunDirectory runDir, float[] parameters, int epochs, double testAccuracy, boolean stoppedEarly) {}

  private TrainJob() {}

  public static Result run(JobContext ctx, String resumeDir) {
    JobConfig cfg = ctx.config();
    TrainOptions opts = TrainOptions.from(cfg);
    TestHooks hooks = TestHooks.fromSystemProperties();
    if (opts.engine() == TrainOptions.Engine.DL4J) {
      Dl4jTrainer.checkSupported(opts, hooks);
    }
    JobRun job = JobRun.start(ctx, resumeDir);
    RunOptions run = job.run();
    MathOptions math = job.math();
    SparkSession spark = job.spark();
    JavaSparkContext jsc = job.jsc();
    HadoopFiles files = job.files();
    RunDirectory runDir = job.runDir();
    Provenance prov = job.provenance();
    String fingerprint = fingerprint(cfg);
    TrainCheckpoint resumed = resumeDir == null ? null : readCheckpoint(files, runDir.resolve(CHECKPOINT), fingerprint);

    TrainTest tt = job.load(opts.dataset(), "train.model", opts.model());
    LabeledDataset train = tt.train();
    LabeledDataset test = tt.test();
    ModelSpec spec = opts.model();
    SeedSequence seeds = SeedSequence.root(run.seed());
    List<ClientShard> shards = ClientShard.split(train, opts.partitions(), seeds.derive("train-partition"));
    int[] shardSizes = shards.stream().mapToInt(ClientShard::size).toArray();
    prov.dataNote("training set split into " + opts.partitions() + " partitions by a seeded shuffle");
    JavaRDD<ClientShard> trainRdd = cache(jsc.parallelize(shards, opts.partitions()));
    JavaRDD<ClientShard> testRdd = cache(jsc.parallelize(ClientShard.split(test, Math.min(opts.partitions(), test.size()), null),
        Math.min(opts.partitions(), test.size())));
    shards = null;

    float[] params = Model.create(spec, seeds.derive("model-init").seed()).parameters().clone();
    if (opts.engine() == TrainOptions.Engine.DL4J) {
      return new Dl4jTrainer(spark, runDir, prov, fingerprint, opts, math, run.seed(), hooks)
          .run(trainRdd, testRdd, shardSizes, test.numClasses(), params, resumed);
    }
    Optimizer driverOpt = opts.optimizer().create();
    String[] stateNames = new String[0];
    float[][] stateArrays = new float[0][];
    long step = 0;
    int startEpoch = 0;
    EarlyStopping stopping = new EarlyStopping(opts, resumed);
    List<String> lines = new ArrayList<>();
    lines.add(CSV_HEADER);
    if (resumed != null) {
      params = resumed.params();
      step = resumed.optimizerStep();
      stateNames = resumed.stateNames();
      stateArrays = resumed.stateArrays();
      startEpoch = resumed.epoch();
      lines = new ArrayList<>(resumed.metricsLines());
      if (opts.mode() == TrainOptions.Mode.SYNC_GRADIENT) {
        restoreDriver(driverOpt, step, stateNames, stateArrays);
      }
      System.out.printf(Locale.ROOT, "[train] resuming %s after epoch %d%n", runDir, startEpoch);
    }
    FaultInjection faults = hooks.faultFraction() > 0 ? new FaultInjection(hooks.faultFraction(), run.seed()) : FaultInjection.NONE;
    PartitionStepper stepper = new PartitionStepper(spec.toString(), opts.optimizer(), math.backend(), math.blasThreads(), run.seed(), faults);
    System.out.printf(Locale.ROOT, "[train] %s on %s: %d examples in %d partitions, %s, %s, math %s%n", spec,
        opts.dataset().configName(), train.size(), opts.partitions(), opts.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        opts.optimizer().kind().configName(), MathRuntime.description());

    ConfusionAccumulator lastEval = null;
    boolean stoppedEarly = false;
    int epoch = startEpoch;
    long runStart = System.nanoTime();
    try {
      for (epoch = startEpoch + 1; epoch <= opts.epochs(); epoch++) {
        long t0 = System.nanoTime();
        jsc.setJobGroup("train-epoch-" + epoch, "fedspark train: epoch " + epoch + " of " + opts.epochs(), false);
        double lossSum = 0;
        long seen = 0;
        long correct = 0;
        int steps;
        if (opts.mode() == TrainOptions.Mode.LOCAL_SGD) {
          int batches = Integer.MAX_VALUE;
          for (int n : shardSizes) {
            batches = Math.min(batches, (n + opts.batchSize() - 1) / opts.batchSize());
          }
          int syncs = (batches + opts.localSteps() - 1) / opts.localSteps();
          steps = batches;
          for (int s = 0; s < syncs; s++) {
            TrainBroadcast tb = new TrainBroadcast(params, stateNames, stateArrays, step);
            Broadcast<TrainBroadcast> bc = jsc.broadcast(tb);
            StepAccumulator acc;
            try {
              final int e = epoch;
              final int first = s * opts.localSteps();
              final int count = Math.min(opts.localSteps(), batches - first);
              final int sync = epoch * 1_000_000 + s;
              final int batchSize = opts.batchSize();
              acc = trainRdd.mapPartitions((Iterator<ClientShard> it) -> stepper.localSteps(it, bc.value(), e, batchSize, first, count, sync))
                  .treeAggregate(new StepAccumulator(), StepAccumulator::merge, StepAccumulator::merge, 2);
            } finally {
              bc.destroy();
            }
            params = acc.meanVector();
            stateNames = acc.stateNames();
            stateArrays = acc.meanStates();
            step = acc.step();
            lossSum += acc.lossSum();
            seen += acc.examples();
            correct += acc.correct();
            progress(epoch, opts.epochs(), s + 1, syncs, lossSum / Math.max(1, seen), seen, t0);
          }
        } else {
          int steps0 = Integer.MAX_VALUE;
          for (int p = 0; p < shardSizes.length; p++) {
            steps0 = Math.min(steps0, shardSizes[p] / PartitionStepper.share(opts.batchSize(), opts.partitions(), p));
          }
          steps = steps0;
          for (int b = 0; b < steps; b++) {
            Broadcast<float[]> bc = jsc.broadcast(params);
            StepAccumulator acc;
            try {
              final int e = epoch;
              final int batch = b;
              final int sync = epoch * 1_000_000 + b;
              final int globalBatch = opts.batchSize();
              final int parts = opts.partitions();
              acc = trainRdd.mapPartitions((Iterator<ClientShard> it) ->
                      stepper.gradient(it, bc.value(), e, globalBatch, parts, batch, sync))
                  .treeAggregate(new StepAccumulator(), StepAccumulator::merge, StepAccumulator::merge, 2);
            } finally {
              bc.destroy();
            }
            driverOpt.step(params, acc.meanVector());
            lossSum += acc.lossSum();
            seen += acc.examples();
            correct += acc.correct();
            if ((b + 1) % Math.max(1, steps / 10) == 0 || b + 1 == steps) {
              progress(epoch, opts.epochs(), b + 1, steps, lossSum / Math.max(1, seen), seen, t0);
            }
          }
          OptimizerState st = driverOpt.saveState();
          stateNames = st.arrayNames().toArray(new String[0]);
          stateArrays = new float[stateNames.length][];
          for (int i = 0; i < stateNames.length; i++) {
            stateArrays[i] = st.array(stateNames[i]);
          }
          step = st.step();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        boolean evaluate = epoch % opts.evalEvery() == 0 || epoch == opts.epochs();
        if (evaluate) {
          lastEval = evaluate(jsc, testRdd, spec, params, test.numClasses(), math);
        }
        double eta = (System.nanoTime() - runStart) / 1e9 / (epoch - startEpoch) * (opts.epochs() - epoch);
        lines.add(epochLine(epoch, opts.epochs(), steps, lossSum / seen, (double) correct / seen, evaluate ? lastEval : null,
            seen / secs, secs, eta));
        boolean stop = stopping.update(evaluate ? lastEval : null);
        if (epoch % opts.checkpointEvery() == 0 || epoch == opts.epochs() || stop) {
          TrainCheckpoint cp = new TrainCheckpoint(epoch, fingerprint, params, step, stateNames, stateArrays, stopping.best(), stopping.stale(), lines);
          byte[] bytes = cp.toBytes();
          runDir.files().write(runDir.resolve(CHECKPOINT), out -> out.write(bytes));
          runDir.writeString("metrics.csv", String.join("\n", lines) + "\n");
        }
        if (stop) {
          stoppedEarly = true;
          System.out.println(stopping.message(epoch));
          break;
        }
        if (hooks.stopsAfter(epoch)) {
          System.out.printf(Locale.ROOT, "[train] stopped after epoch %d (fedspark.test.stop-after); resume with --resume %s%n", epoch, runDir);
          return new Result(runDir, params, epoch, Double.NaN, false);
        }
      }
    } finally {
      trainRdd.unpersist(false);
      testRdd.unpersist(false);
      jsc.clearJobGroup();
    }
    int done = Math.min(epoch, opts.epochs());
    if (lastEval == null) {
      lastEval = evaluate(jsc, testRdd, spec, params, test.numClasses(), math);
    }
    writeResults(spark, runDir, lines, lastEval);
    prov.result("testAccuracy", lastEval.accuracy()).result("testLoss", lastEval.meanLoss()).result("epochs", done)
        .result("stoppedEarly", stoppedEarly).result("fingerprint", fingerprint).result("engine", "native");
    prov.writeTo(runDir);
    System.out.printf(Locale.ROOT, "[train] final test accuracy %.2f%% (%s, %s); results in %s%n", 100 * lastEval.accuracy(), spec,
        opts.dataset().configName(), runDir);
    return new Result(runDir, params, done, lastEval.accuracy(), stoppedEarly);
  }

  private static void progress(int epoch, int epochs, int done, int total, double loss, long seen, long t0) {
    if (total >= 10 && done % Math.max(1, total / 5) != 0 && done != total) {
      return;
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "[train] epoch %d/%d  step %d/%d  loss %.4f  %.0f examples/s  ETA(epoch) %.1f s%n",
        epoch, epochs, done, total, loss, seen / secs, secs / done * (total - done));
  }

  static ConfusionAccumulator evaluate(JavaSparkContext jsc, JavaRDD<ClientShard> test, ModelSpec spec, float[] params,
      int classes, MathOptions math) {
    Broadcast<float[]> bc = jsc.broadcast(params);
    try {
      String specText = spec.toString();
      String backend = math.backend().name();
      int threads = math.blasThreads();
      return test.mapPartitions((Iterator<ClientShard> it) -> {
        MathRuntime.configure(io.fedspark.math.blas.MathBackend.valueOf(backend), threads);
        Model m = Model.fromParameters(ModelSpec.parse(specText), bc.value());
        ConfusionAccumulator acc = new ConfusionAccumulator(classes);
        while (it.hasNext()) {
          ClientShard s = it.next();
          var r = m.loss(FloatMatrix.wrap(s.features(), 0, s.size(), s.featureCount()), s.labels(), null);
          for (int i = 0; i < s.size(); i++) {
            acc.add(s.labels()[i], r.predictions()[i], r.exampleLosses()[i]);
          }
        }
        return List.of(acc).iterator();
      }).treeAggregate(new ConfusionAccumulator(classes), ConfusionAccumulator::merge, ConfusionAccumulator::merge, 2);
    } finally {
      bc.destroy();
    }
  }

  /**
   * Caches shards once with the lineage cut (tasks then carry no training data). Without lineage a
   * lost executor's blocks cannot be recomputed, so every block is kept on two executors.
   */
  private static JavaRDD<ClientShard> cache(JavaRDD<ClientShard> rdd) {
    rdd.persist(StorageLevel.MEMORY_AND_DISK_2());
    rdd.rdd().localCheckpoint();
    rdd.count();
    return rdd;
  }

  private static void restoreDriver(Optimizer opt, long step, String[] names, float[][] arrays) {
    Map<String, float[]> m = new TreeMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], arrays[i]);
    }
    OptimizerState fresh = opt.saveState();
    opt.restore(new OptimizerState(fresh.kind(), step, fresh.hyperparameters(), fresh.schedule(), m));
  }

  static void writeResults(SparkSession spark, RunDirectory dir, List<String> lines, ConfusionAccumulator eval) {
    dir.writeString("metrics.csv", String.join("\n", lines) + "\n");
    StringBuilder json = new StringBuilder("[\n");
    String[] header = lines.get(0).split(",");
    List<double[]> acc = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      json.append("  {");
      for (int j = 0; j < header.length; j++) {
        json.append('"').append(header[j]).append("\": ").append(f[j].isEmpty() ? "null" : f[j]).append(j + 1 < header.length ? ", " : "");
      }
      json.append(i + 1 < lines.size() ? "},\n" : "}\n");
      if (!f[5].isEmpty()) {
        acc.add(new double[] {Double.parseDouble(f[0]), 100 * Double.parseDouble(f[5]), 100 * Double.parseDouble(f[3])});
      }
    }
    dir.writeString("metrics.json", json.append("]\n").toString());
    dir.writeString("per-class.csv", eval.perClassCsv());
    dir.writeString("confusion-matrix.csv", eval.matrixCsv());
    double[] x = acc.stream().mapToDouble(a -> a[0]).toArray();
    byte[] png = new LinePlot("Accuracy per epoch", "epoch", "accuracy %")
        .add(new LinePlot.Series("test", x, acc.stream().mapToDouble(a -> a[1]).toArray()))
        .add(new LinePlot.Series("train", x, acc.stream().mapToDouble(a -> a[2]).toArray())).toPng();
    dir.files().write(dir.resolve("accuracy.png"), out -> out.write(png));
    ParquetMetrics.write(spark, lines, header.length, dir.resolve("metrics.parquet").toString());
  }

  /**
   * Prints the progress line of an epoch and returns its {@link #CSV_HEADER} line; {@code test} is
   * the epoch's test evaluation, or null if it was not evaluated (empty test columns).
   */
  static String epochLine(int epoch, int epochs, int steps, double trainLoss, double trainAccuracy, ConfusionAccumulator test,
      double examplesPerSecond, double seconds, double etaSeconds) {
    System.out.printf(Locale.ROOT, "[train] epoch %d/%d  train loss %.4f  train acc %.2f%%%s  %.0f examples/s  %.1f s  ETA %.0f s%n",
        epoch, epochs, trainLoss, 100 * trainAccuracy,
        test != null ? String.format(Locale.ROOT, "  test loss %.4f  test acc %.2f%%", test.meanLoss(), 100 * test.accuracy()) : "",
        examplesPerSecond, seconds, etaSeconds);
    String testLoss = test == null ? "" : String.format(Locale.ROOT, "%.6f", test.meanLoss());
    String testAcc = test == null ? "" : String.format(Locale.ROOT, "%.6f", test.accuracy());
    return String.format(Locale.ROOT, "%d,%d,%.6f,%.6f,%s,%s,%.1f,%.3f", epoch, steps, trainLoss, trainAccuracy, testLoss,
        testAcc, examplesPerSecond, seconds);
  }

  private static TrainCheckpoint readCheckpoint(HadoopFiles files, Path p, String fingerprint) {
    FileSystem fs = files.fileSystem(p);
    try {
      if (!fs.exists(p)) {
        throw new UserInputException("--resume: no training checkpoint at " + p);
      }
      TrainCheckpoint cp;
      try (InputStream in = fs.open(p)) {
        cp = TrainCheckpoint.fromBytes(in.readAllBytes(), p.toString());
      }
      if (!cp.fingerprint().equals(fingerprint)) {
        throw new UserInputException("--resume: " + p + " belongs to another configuration (fingerprint " + cp.fingerprint()
            + ", this run " + fingerprint + "); resume with the configuration it was made with");
      }
      return cp;
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /** The settings that determine the model: train.* (except test hooks), eval.every, the seed, the math backend. */
  static String fingerprint(JobConfig cfg) {
    return ConfigFingerprint.of(cfg, k -> (k.startsWith("train.") || k.equals("eval.every") || k.equals("run.seed")
        || k.equals("math.backend")) && !k.startsWith("train.test-"));
  }

}
