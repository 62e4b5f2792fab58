package io.fedspark.jobs.train;

import io.fedspark.jobs.TestHooks;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.federated.client.ClientShard;
import io.fedspark.jobs.dl4j.Dl4jConverter;
import io.fedspark.jobs.dl4j.Nd4jThreads;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.nn.ModelSpec;
import io.fedspark.math.random.SeedSequence;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@code fedspark train} with {@code train.engine = dl4j}: the baseline engine, DL4J 1.0.0-M2's
 * {@link SparkDl4jMultiLayer} with a {@link ParameterAveragingTrainingMaster}, trained on the same
 * data partitions, from the same initial parameters and with the equivalent optimizer
 * ({@link Dl4jOptimizer}) as the native engine, and reporting through the same evaluation and
 * writers, so the two engines' outputs compare line by line.
 *
 * <p>Mapping of the settings: the model is converted by {@link Dl4jConverter}; DL4J has
 * {@code train.partitions} workers, {@code batchSizePerWorker = train.batch-size},
 * {@code averagingFrequency = train.local-steps} (minibatches per worker between two averagings of
 * parameters and updater state, i.e. local SGD), no prefetching, no training statistics, and the
 * {@code Direct} RDD approach (DataSets travel through Spark instead of being exported to files
 * under {@code hadoop.tmp.dir}). Every epoch each partition's examples are permuted and cut into
 * minibatches exactly as the native engine cuts them ({@link PartitionBatches}); DL4J's own seeded
 * balanced random split then decides which worker trains which minibatches in which averaging
 * round, so the trajectories differ from the native engine's even with identical batches.
 *
 * <p>Metrics: after every epoch the averaged DL4J parameters are copied back through the converter
 * and evaluated by {@link TrainJob#evaluate} (test set every {@code eval.every} epochs, as the
 * native engine). The {@code train_loss}/{@code train_accuracy} columns are those of the
 * end-of-epoch model on the whole training set (DL4J reports no per-example training accuracy),
 * whereas the native engine reports the running mean over the epoch's steps; {@code seconds} and
 * {@code examples_per_second} time DL4J's {@code fit} only.
 *
 * <p>Checkpoints: every {@code checkpoint.every} epochs (and at the end or an early stop) the
 * same {@link TrainCheckpoint} file as the native engine's is written, holding the parameters (core
 * layout), DL4J's updater state view ({@link Dl4jState}), its iteration and epoch counters, the
 * early-stopping bookkeeping and the metrics so far; {@code --resume DIR} continues from it. The
 * training master is rebuilt every epoch with a split seed derived from (seed, epoch), so a resumed
 * epoch assigns minibatches to workers exactly as the uninterrupted run would. The resumed model
 * is equal to an uninterrupted run's up to float rounding, not bit-identical: DL4J sums the
 * workers' parameters in the order their tasks finish.
 *
 * <p>Not supported with this engine: the {@code sync-gradient} mode and the test-only fault hook.
 * {@link #checkSupported} refuses them before any work starts. Early stopping and the test-only
 * stop hook ({@code train.test-stop-after}) work as in the native engine.
 */
final class Dl4jTrainer {
  private final SparkSession spark;
  private final JavaSparkContext jsc;
  private final RunDirectory runDir;
  private final Provenance prov;
  private final String fingerprint;
  private final TrainOptions opts;
  private final MathOptions math;
  private final long seed;

  /**
   * @param fingerprint the configuration fingerprint, recorded in provenance as the native engine does
   * @param seed the root seed ({@code run.seed})
   */
  private final TestHooks hooks;

  Dl4jTrainer(SparkSession spark, RunDirectory runDir, Provenance prov, String fingerprint, TrainOptions opts, MathOptions math,
      long seed, TestHooks hooks) {
    this.hooks = hooks;
    this.spark = spark;
    this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    this.runDir = runDir;
    this.prov = prov;
    this.fingerprint = fingerprint;
    this.opts = opts;
    this.math = math;
    this.seed = seed;
  }

  /**
   * Refuses, before any work, what the DL4J engine cannot do: sync-gradient, the fault hook, an
   * optimizer or model without a DL4J equivalent.
   *
   * @throws InvalidConfigException naming the key
   */
  static void checkSupported(TrainOptions opts, TestHooks hooks) {
    if (opts.mode() != TrainOptions.Mode.LOCAL_SGD) {
      throw InvalidConfigException.of("train.mode", "sync-gradient", "local-sgd with train.engine = dl4j (DL4J's"
          + " ParameterAveragingTrainingMaster averages parameters every train.local-steps minibatches; local-steps = 1"
          + " averages after every step)", null);
    }
    if (hooks.faultFraction() > 0) {
      throw InvalidConfigException.of(TestHooks.FAULT_FRACTION.key(), hooks.faultFraction(),
          "0 with train.engine = dl4j (the fault hook is part of the native engine's tasks)", null);
    }
    Dl4jOptimizer.of(opts.optimizer());
    converter(opts.model());
  }

  /**
   * Trains from {@code initial} (core layout) and writes the run's outputs. Unpersists both RDDs
   * when done.
   *
   * @param trainRdd the training partitions (one shard each), cached
   * @param testRdd the test set, cached
   * @param shardSizes examples per training partition
   * @param classes number of classes, for the evaluation
   * @param resumed the checkpoint to continue from, or null to start from {@code initial}
   */
  TrainJob.Result run(JavaRDD<ClientShard> trainRdd, JavaRDD<ClientShard> testRdd, int[] shardSizes, int classes,
      float[] initial, TrainCheckpoint resumed) {
    ModelSpec spec = opts.model();
    SeedSequence seeds = SeedSequence.root(seed);
    Nd4jThreadLimit threadLimit = new Nd4jThreadLimit(math.blasThreads());
    // The driver averages and holds the network; in local mode it is also the executors' JVM.
    String nd4j = Nd4jThreads.limitTo(math.blasThreads());
    Dl4jConverter converter = converter(spec);
    Dl4jOptimizer optimizer = Dl4jOptimizer.of(opts.optimizer());
    MultiLayerNetwork net = optimizer.network(converter, resumed == null ? initial : resumed.params(),
        seeds.derive("dl4j-network").seed());
    if (resumed != null) {
      Dl4jState.restore(net, resumed);
    }

    long examples = Arrays.stream(shardSizes).asLongStream().sum();
    long batches = Arrays.stream(shardSizes).mapToLong(n -> (n + opts.batchSize() - 1) / opts.batchSize()).sum();
    int steps = (int) ((batches + opts.partitions() - 1) / opts.partitions());
    String masterText = String.format(Locale.ROOT, "ParameterAveragingTrainingMaster(workers=%d, batchSizePerWorker=%d,"
        + " averagingFrequency=%d, saveUpdater=true, approach=Direct, prefetch=0, split seed per epoch)", opts.partitions(), opts.batchSize(),
        opts.localSteps());
    System.out.printf(Locale.ROOT, "[train] %s on %s: %d examples in %d partitions, engine dl4j %s: %s, updater %s, nd4j %s%n",
        spec, opts.dataset().configName(), examples, opts.partitions(), dl4jVersion(), masterText, optimizer.describe(), nd4j);
    prov.dataNote("training set split into " + opts.partitions() + " partitions by a seeded shuffle; engine dl4j: each"
        + " partition's epoch permutation cut into minibatches as in the native engine, assigned to DL4J workers by DL4J's"
        + " seeded balanced random split");

    List<String> lines = new ArrayList<>();
    lines.add(TrainJob.CSV_HEADER);
    ConfusionAccumulator lastEval = null;
    float[] params = resumed == null ? initial : resumed.params();
    EarlyStopping stopping = new EarlyStopping(opts, resumed);
    int startEpoch = resumed == null ? 0 : resumed.epoch();
    if (resumed != null) {
      lines = new ArrayList<>(resumed.metricsLines());
      System.out.printf(Locale.ROOT, "[train] resuming %s after epoch %d (engine dl4j)%n", runDir, startEpoch);
    }
    boolean stoppedEarly = false;
    int epoch;
    long runStart = System.nanoTime();
    try {
      for (epoch = startEpoch + 1; epoch <= opts.epochs(); epoch++) {
        jsc.setJobGroup("train-epoch-" + epoch, "fedspark train (dl4j): epoch " + epoch + " of " + opts.epochs(), false);
        long t0 = System.nanoTime();
        JavaRDD<DataSet> data = minibatches(trainRdd, seed, epoch, opts.batchSize(), spec.outputSize());
        try {
          // A master per epoch, its split seeded by (seed, epoch): a resumed epoch splits as the uninterrupted one.
          SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(jsc, net, master(threadLimit, seeds.derive("dl4j-split", epoch).seed()));
          sparkNet.fit(data); // persists data (DL4J's storage level, serialized)
          net = sparkNet.getNetwork();
        } finally {
          data.unpersist(false);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        params = converter.parameters(net);
        ConfusionAccumulator trainEval = TrainJob.evaluate(jsc, trainRdd, spec, params, classes, math);
        boolean evaluate = epoch % opts.evalEvery() == 0 || epoch == opts.epochs();
        if (evaluate) {
          lastEval = TrainJob.evaluate(jsc, testRdd, spec, params, classes, math);
        }
        double eta = (System.nanoTime() - runStart) / 1e9 / (epoch - startEpoch) * (opts.epochs() - epoch);
        lines.add(TrainJob.epochLine(epoch, opts.epochs(), steps, trainEval.meanLoss(), trainEval.accuracy(),
            evaluate ? lastEval : null, examples / secs, secs, eta));
        runDir.writeString("metrics.csv", String.join("\n", lines) + "\n");
        boolean stop = stopping.update(evaluate ? lastEval : null);
        if (epoch % opts.checkpointEvery() == 0 || epoch == opts.epochs() || stop) {
          byte[] bytes = Dl4jState.checkpoint(net, epoch, fingerprint, params, stopping.best(), stopping.stale(), lines).toBytes();
          runDir.files().write(runDir.resolve(TrainJob.CHECKPOINT), out -> out.write(bytes));
        }
        if (stop) {
          stoppedEarly = true;
          System.out.println(stopping.message(epoch));
          break;
        }
        if (hooks.stopsAfter(epoch)) {
          System.out.printf(Locale.ROOT, "[train] stopped after epoch %d (fedspark.test.stop-after); resume with --resume %s%n", epoch, runDir);
          return new TrainJob.Result(runDir, params, epoch, Double.NaN, false);
        }
      }
      int done = Math.min(epoch, opts.epochs());
      if (lastEval == null) {
        lastEval = TrainJob.evaluate(jsc, testRdd, spec, params, classes, math);
      }
      TrainJob.writeResults(spark, runDir, lines, lastEval);
      prov.result("testAccuracy", lastEval.accuracy()).result("testLoss", lastEval.meanLoss()).result("epochs", done)
          .result("stoppedEarly", stoppedEarly).result("fingerprint", fingerprint).result("engine", "dl4j")
          .result("dl4jVersion", dl4jVersion()).result("dl4jTrainingMaster", masterText)
          .result("dl4jUpdater", optimizer.describe()).result("nd4jThreads", nd4j);
      prov.writeTo(runDir);
      System.out.printf(Locale.ROOT, "[train] final test accuracy %.2f%% (%s, %s, engine dl4j); results in %s%n",
          100 * lastEval.accuracy(), spec, opts.dataset().configName(), runDir);
      return new TrainJob.Result(runDir, params, done, lastEval.accuracy(), stoppedEarly);
    } finally {
      trainRdd.unpersist(false);
      testRdd.unpersist(false);
      jsc.clearJobGroup();
    }
  }

  /** DL4J's parameter-averaging master for one epoch, with the split seed {@code splitSeed}. */
  private ParameterAveragingTrainingMaster master(Nd4jThreadLimit threadLimit, long splitSeed) {
    return new ParameterAveragingTrainingMaster.Builder(opts.partitions(), opts.batchSize())
        .batchSizePerWorker(opts.batchSize())
        .averagingFrequency(opts.localSteps())
        .workerPrefetchNumBatches(0)
        .saveUpdater(true) // average the updater state too, as the native engine averages optimizer state
        .collectTrainingStats(false)
        .rddTrainingApproach(RDDTrainingApproach.Direct)
        .rngSeed(splitSeed)
        .trainingHooks(threadLimit)
        .build();
  }

  /**
   * One epoch's minibatches as DL4J DataSets: each partition's examples in the order of
   * {@link PartitionBatches} (the native engine's), cut into batches of {@code batchSize} (the last
   * one shorter), labels one-hot over {@code outputs}.
   */
  static JavaRDD<DataSet> minibatches(JavaRDD<ClientShard> shards, long seed, int epoch, int batchSize, int outputs) {
    return shards.mapPartitions((Iterator<ClientShard> it) -> {
      List<DataSet> out = new ArrayList<>();
      while (it.hasNext()) {
        ClientShard s = it.next();
        PartitionBatches order = new PartitionBatches(s, seed, epoch, batchSize);
        float[] x = new float[batchSize * s.featureCount()];
        int[] y = new int[batchSize];
        for (int b = 0; b < order.count(); b++) {
          int m = order.fill(s, b, x, y);
          out.add(Dl4jConverter.dataSet(FloatMatrix.wrap(x, 0, m, s.featureCount()), Arrays.copyOf(y, m), outputs));
        }
      }
      return out.iterator();
    });
  }

  private static Dl4jConverter converter(ModelSpec spec) {
    try {
      return Dl4jConverter.of(spec);
    } catch (IllegalArgumentException e) {
      throw InvalidConfigException.of("train.model", spec.toString(), "a model the DL4J converter supports with"
          + " train.engine = dl4j (" + e.getMessage() + ")", null);
    }
  }

  /** The DL4J release on the classpath, from its Maven metadata. */
  static String dl4jVersion() {
    try (InputStream in = SparkDl4jMultiLayer.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
