package io.fedspark.jobs.federate;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.client.FederatedClient;
import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.curriculum.CurriculumClientScheduler;
import io.fedspark.federated.curriculum.ScoringModel;
import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.federated.engine.CheckpointCodec;
import io.fedspark.federated.engine.FaultInjection;
import io.fedspark.federated.engine.FederatedSimulation;
import io.fedspark.federated.engine.InProcessBackend;
import io.fedspark.federated.engine.RoundMetrics;
import io.fedspark.federated.engine.SimulationBackend;
import io.fedspark.federated.engine.SimulationState;
import io.fedspark.federated.partition.ClientPartition;
import io.fedspark.federated.partition.Partitioner;
import io.fedspark.federated.partition.SkewReport;
import io.fedspark.federated.sampling.ClientSelector;
import io.fedspark.federated.sampling.UniformClientSelector;
import io.fedspark.federated.strategy.Strategy;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.config.ConfigFingerprint;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.config.RunOptions;
import io.fedspark.jobs.data.TrainTest;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.jobs.report.LinePlot;
import io.fedspark.jobs.report.ParquetMetrics;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.random.SeedSequence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fedspark federate}: simulated federated learning with virtual clients as Spark partitions
 * (or in-process), with the curriculum orderings of Vahidian et al. (ICCV 2023). Partitions the
 * training set into clients (skew report written), optionally trains the expert scoring model,
 * runs the round loop of {@link FederatedSimulation} on the chosen backend, and writes per-round
 * metrics (CSV, JSON, Parquet, PNG), checkpoints (every {@code federate.checkpoint.every} rounds,
 * atomically) and provenance. {@code --resume DIR} continues a run from its checkpoint
 * bit-identically.
 */
public final class FederateJob {
  private static final Logger LOG = LoggerFactory.getLogger(FederateJob.class);
  static final String CHECKPOINT = "checkpoint/state.bin";

  /** Outcome of a run. */
  public record Result(RunDirectory runDir, SimulationState state) {
    public double finalAccuracy() {
      return state.history().get(state.history().size() - 1).testAccuracy();
    }
  }

  private FederateJob() {}

  /**
   * @param resumeDir a previous run directory to continue, or null
   */
  public static Result run(JobContext ctx, String resumeDir) {
    JobConfig cfg = ctx.config();
    FederateOptions opts = FederateOptions.from(cfg);
    JobRun job = JobRun.start(ctx, resumeDir);
    RunOptions run = job.run();
    MathOptions math = job.math();
    SparkSession spark = job.spark();
    JavaSparkContext jsc = job.jsc();
    HadoopFiles files = job.files();
    RunDirectory runDir = job.runDir();
    Provenance prov = job.provenance();
    String fingerprint = fingerprint(cfg);

    SimulationState resumed = null;
    if (resumeDir != null) {
      resumed = readCheckpoint(files, runDir.resolve(CHECKPOINT));
      System.out.printf(Locale.ROOT, "[federate] resuming %s after round %d%n", runDir, resumed.completedRounds());
    }

    TrainTest tt = job.load(opts.dataset(), "federate.model", opts.model());
    LabeledDataset train = tt.train();
    LabeledDataset test = tt.test();
    SeedSequence seeds = SeedSequence.root(run.seed());
    ClientPartition partition = Partitioner.of(opts.partition()).partition(train, seeds);
    SkewReport skew = SkewReport.of(partition, train);
    runDir.writeString("skew-report.csv", skew.toCsv());
    runDir.writeString("skew-summary.json", skew.toJson());
    System.out.println("[federate] " + opts.partition().numClients() + " clients (" + opts.partition().scheme().configName()
        + ", synthetic split of " + opts.dataset().configName() + "): " + skew.summary().lines().findFirst().orElse(""));
    prov.dataNote("federated split is synthetic: " + opts.partition());

    List<ClientShard> shards = new ArrayList<>(partition.numClients());
    for (int k = 0; k < partition.numClients(); k++) {
      shards.add(ClientShard.of(k, train, partition.indices(k)));
    }

    float[] expert = null;
    if (opts.curriculum() != null && opts.curriculum().scoringModel() == ScoringModel.EXPERT) {
      expert = trainExpert(opts, train, seeds);
      EvalResult e = Model.fromParameters(opts.model(), expert).evaluate(matrix(test), test.labels());
      System.out.printf(Locale.ROOT, "[federate] expert scoring model: test accuracy %.2f%%%n", 100 * e.accuracy());
      prov.result("expertTestAccuracy", e.accuracy());
    }

    Strategy strategy = opts.strategy().create();
    ClientSelector selector = opts.curriculum() != null
        ? new CurriculumClientScheduler(opts.curriculum(), partition.numClients(), opts.clientsPerRound(), opts.simulation().rounds())
        : new UniformClientSelector(partition.numClients(), opts.clientsPerRound());
    Model evalModel = Model.create(opts.model(), seeds.derive("model-init").seed());
    float[] initial = evalModel.parameters().clone();
    FloatMatrix testX = matrix(test);

    SimulationBackend backend = opts.backend() == FederateOptions.Backend.SPARK
        ? new SparkSimulationBackend(jsc, shards, opts.sparkPartitions(), math,
            job.hooks().faultFraction() > 0 ? new FaultInjection(job.hooks().faultFraction(), run.seed()) : FaultInjection.NONE)
        : new InProcessBackend(shards, opts.inProcessThreads());
    shards = null;
    LOG.info("federate: backend {}, strategy {}, selector {}, math {}", backend.name(), strategy.name(), selector.name(), MathRuntime.description());

    FederatedSimulation sim = new FederatedSimulation(opts.model().toString(), opts.simulation(), opts.client(), opts.curriculum(),
        strategy, selector, backend,
        params -> {
          evalModel.setParameters(params);
          return evalModel.evaluate(testX, test.labels());
        },
        run.seed(), fingerprint, expert);
    SimulationState start = resumed != null ? resumed : sim.initialState(initial);
    int rounds = opts.simulation().rounds();
    SimulationState end;
    try {
      end = sim.run(start, (m, state) -> {
        jsc.setJobGroup("federate-round-" + (m.round() + 1), "fedspark federate: round " + (m.round() + 1) + " of " + rounds, false);
        System.out.printf(Locale.ROOT,
            "[federate] round %d/%d  clients %d ok %d failed  train loss %.4f  test acc %s  paced %d..%d  %.2f s%n",
            m.round(), rounds, m.succeeded(), m.failed(), m.meanTrainLoss(),
            Double.isNaN(m.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * m.testAccuracy()),
            m.pacedMin(), m.pacedMax(), m.seconds());
        if (state != null) {
          writeMetrics(runDir, state.history(), false);
          runDir.files().write(runDir.resolve(CHECKPOINT), out -> CheckpointCodec.write(state, out));
        }
        if (job.hooks().stopsAfter(m.round())) {
          throw new StopRequested(m.round());
        }
      });
    } catch (StopRequested stop) {
      System.out.printf(Locale.ROOT, "[federate] stopped after round %d (fedspark.test.stop-after); resume with --resume %s%n",
          stop.round, runDir);
      return new Result(runDir, null);
    } finally {
      backend.close();
      jsc.clearJobGroup();
    }
    writeMetrics(runDir, end.history(), true);
    writeParquet(spark, runDir, end.history());
    double acc = end.history().get(end.history().size() - 1).testAccuracy();
    prov.result("finalTestAccuracy", acc).result("rounds", end.completedRounds()).result("backend", backend.name())
        .result("fingerprint", fingerprint);
    prov.writeTo(runDir);
    System.out.printf(Locale.ROOT, "[federate] final test accuracy %.2f%% after %d rounds; results in %s%n", 100 * acc, end.completedRounds(), runDir);
    return new Result(runDir, end);
  }

  /** The EXPERT scoring model: trained centrally on the whole training set (one "client"). */
  static float[] trainExpert(FederateOptions opts, LabeledDataset train, SeedSequence seeds) {
    int[] all = new int[train.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    ClientShard everything = ClientShard.of(-1, train, all);
    LocalTrainingOptions o = new LocalTrainingOptions().withLocalEpochs(opts.expert().epochs()).withBatchSize(opts.expert().batchSize())
        .withLearningRate(opts.expert().learningRate()).withConstantLearningRate();
    float[] init = Model.create(opts.model(), seeds.derive("expert-init").seed()).parameters();
    var u = FederatedClient.train(everything, opts.model(), init, o, null, null, seeds.derive("expert-train"));
    if (!u.succeeded()) {
      throw new IllegalStateException("training the expert scoring model failed: " + u.error());
    }
    return u.parameters();
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

  private static FloatMatrix matrix(LabeledDataset d) {
    return FloatMatrix.wrap(d.features(), 0, d.size(), d.featureCount());
  }

  private static void writeMetrics(RunDirectory dir, List<RoundMetrics> history, boolean finalPass) {
    StringBuilder csv = new StringBuilder(RoundMetrics.CSV_HEADER).append('\n');
    for (RoundMetrics m : history) {
      csv.append(m.toCsv()).append('\n');
    }
    dir.writeString("metrics.csv", csv.toString());
    if (!finalPass) {
      return;
    }
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < history.size(); i++) {
      RoundMetrics m = history.get(i);
      json.append(String.format(Locale.ROOT,
          "  {\"round\": %d, \"succeeded\": %d, \"failed\": %d, \"meanTrainLoss\": %s, \"testLoss\": %s, \"testAccuracy\": %s, "
              + "\"cohortMeanScore\": %s, \"pacedMin\": %d, \"pacedMax\": %d, \"bytesDown\": %d, \"bytesUp\": %d, \"seconds\": %.3f}%s%n",
          m.round(), m.succeeded(), m.failed(), jnum(m.meanTrainLoss()), jnum(m.testLoss()), jnum(m.testAccuracy()),
          jnum(m.meanScore()), m.pacedMin(), m.pacedMax(), m.bytesDown(), m.bytesUp(), m.seconds(), i + 1 < history.size() ? "," : ""));
    }
    dir.writeString("metrics.json", json.append("]\n").toString());
    double[] x = history.stream().filter(m -> !Double.isNaN(m.testAccuracy())).mapToDouble(RoundMetrics::round).toArray();
    double[] y = history.stream().filter(m -> !Double.isNaN(m.testAccuracy())).mapToDouble(m -> 100 * m.testAccuracy()).toArray();
    byte[] png = new LinePlot("Global test accuracy per round", "round", "accuracy %").add(new LinePlot.Series("test accuracy", x, y)).toPng();
    dir.files().write(dir.resolve("accuracy.png"), out -> out.write(png));
  }

  private static void writeParquet(SparkSession spark, RunDirectory dir, List<RoundMetrics> history) {
    List<String> lines = new ArrayList<>();
    lines.add(RoundMetrics.CSV_HEADER);
    history.forEach(m -> lines.add(m.toCsv()));
    // every column but the last (the cohort's client ids)
    ParquetMetrics.write(spark, lines, RoundMetrics.CSV_HEADER.split(",").length - 1, dir.resolve("metrics.parquet").toString());
  }

  private static String jnum(double d) {
    return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6f", d) : "null";
  }

  private static SimulationState readCheckpoint(HadoopFiles files, Path p) {
    FileSystem fs = files.fileSystem(p);
    try {
      if (!fs.exists(p)) {
        throw new io.fedspark.jobs.cli.UserInputException("--resume: no checkpoint at " + p);
      }
      try (InputStream in = fs.open(p)) {
        return CheckpointCodec.read(in, p.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  /**
   * Identifies the settings that determine the result: every {@code federate.*} key except those
   * that only say where or how fast it runs, plus the seed, the dataset sources and the math backend.
   */
  static String fingerprint(JobConfig cfg) {
    return ConfigFingerprint.of(cfg, k -> (k.startsWith("federate.") || k.equals("run.seed") || k.equals("math.backend"))
        && !k.equals("federate.backend") && !k.equals("federate.spark-partitions") && !k.equals("federate.in-process-threads")
        && !k.equals("federate.checkpoint.every"));
  }

}
