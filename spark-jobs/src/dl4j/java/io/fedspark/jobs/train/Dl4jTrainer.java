package io.fedspark.jobs.train;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.train.ConfusionAccumulator;
import io.fedspark.federated.train.DataParallelOptions;
import io.fedspark.federated.train.DataParallelTraining;
import io.fedspark.federated.train.EpochDriver;
import io.fedspark.federated.train.EpochRunner;
import io.fedspark.federated.train.PartitionBatches;
import io.fedspark.federated.train.TrainCheckpoint;
import io.fedspark.federated.train.TrainMode;
import io.fedspark.federated.train.TrainState;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.dl4j.Dl4jConverter;
import io.fedspark.jobs.dl4j.Nd4jThreads;
import io.fedspark.jobs.data.ShardSet;
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
 * and evaluated by {@link SparkTrainBackend#evaluate} (test set every {@code eval.every} epochs, as the
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
 * stop hook ({@code fedspark.test.stop-after}) work as in the native engine.
 */
final class Dl4jTrainer {
  private final JobRun job;
  private final TrainOptions opts;
  private final DataParallelOptions training;
  private final String fingerprint;

  /**
   * @param fingerprint the configuration fingerprint, recorded in checkpoints and provenance as the
   *     native engine does
   */
  Dl4jTrainer(JobRun job, TrainOptions opts, String fingerprint) {
    this.job = job;
    this.opts = opts;
    this.training = opts.training();
    this.fingerprint = fingerprint;
  }

  /**
   * Refuses, before any work, what the DL4J engine cannot do: sync-gradient, the fault hook, an
   * optimizer or model without a DL4J equivalent.
   *
   * @throws InvalidConfigException naming the key
   */
  static void checkSupported(TrainOptions opts, TestHooks hooks) {
    if (opts.training().mode() != TrainMode.LOCAL_SGD) {
      throw InvalidConfigException.of("train.mode", "sync-gradient", "local-sgd with train.engine = dl4j (DL4J's"
          + " ParameterAveragingTrainingMaster averages parameters every train.local-steps minibatches; local-steps = 1"
          + " averages after every step)", null);
    }
    if (hooks.faultFraction() > 0) {
      throw InvalidConfigException.of(TestHooks.FAULT_FRACTION.key(), hooks.faultFraction(),
          "0 with train.engine = dl4j (the fault hook is part of the native engine's tasks)", null);
    }
    Dl4jOptimizer.of(opts.training().optimizer());
    converter(opts.model());
  }

  /**
   * Trains from {@code initial} (core layout), or continues {@code resumed}, through
   * {@link DataParallelTraining} with DL4J running each epoch; writes the run's outputs.
   *
   * @param train the training partitions (one shard each, cached on the executors)
   * @param test the test shards
   * @param classes number of classes, for the evaluation
   */
  TrainJob.Result run(ShardSet train, ShardSet test, int classes, float[] initial, TrainCheckpoint resumed,
      TrainOutputs out) {
    Epochs epochs = new Epochs(train, classes, initial, resumed);
    DataParallelTraining.Result r = new DataParallelTraining(training, epochs,
        p -> test.evaluate(job.jsc(), opts.model(), classes, job.math(), p), fingerprint)
        .run(initial, resumed, out, job.hooks()::stopsAfter);
    if (!r.interrupted()) {
      job.provenance().result("dl4jVersion", dl4jVersion()).result("dl4jTrainingMaster", epochs.masterText)
          .result("dl4jUpdater", epochs.optimizer.describe()).result("nd4jThreads", epochs.nd4j);
    }
    return out.finish(r, "dl4j");
  }

  /** DL4J running one epoch: the network lives across epochs; its state goes into each checkpoint. */
  private final class Epochs implements EpochDriver {
    private final ShardSet train;
    private final int classes;
    private final long examples;
    private final int steps;
    private final SeedSequence seeds;
    private final Nd4jThreadLimit threadLimit;
    private final Dl4jConverter converter;
    private final Dl4jOptimizer optimizer;
    private final String nd4j;
    private final String masterText;
    private MultiLayerNetwork net;

    Epochs(ShardSet train, int classes, float[] initial, TrainCheckpoint resumed) {
      int[] shardSizes = train.sizes();
      this.train = train;
      this.classes = classes;
      this.seeds = SeedSequence.root(job.run().seed());
      this.threadLimit = new Nd4jThreadLimit(job.math().blasThreads());
      // The driver averages and holds the network; in local mode it is also the executors' JVM.
      this.nd4j = Nd4jThreads.limitTo(job.math().blasThreads());
      this.converter = converter(opts.model());
      this.optimizer = Dl4jOptimizer.of(training.optimizer());
      this.net = optimizer.network(converter, resumed == null ? initial : resumed.state().params(),
          seeds.derive("dl4j-network").seed());
      if (resumed != null) {
        Dl4jState.restore(net, resumed);
      }
      this.examples = Arrays.stream(shardSizes).asLongStream().sum();
      long batches = Arrays.stream(shardSizes).mapToLong(n -> (n + training.batchSize() - 1) / training.batchSize()).sum();
      this.steps = (int) ((batches + training.partitions() - 1) / training.partitions());
      this.masterText = String.format(Locale.ROOT, "ParameterAveragingTrainingMaster(workers=%d, batchSizePerWorker=%d,"
          + " averagingFrequency=%d, saveUpdater=true, approach=Direct, prefetch=0, split seed per epoch)",
          training.partitions(), training.batchSize(), training.localSteps());
      System.out.printf(Locale.ROOT, "[train] %s on %s: %d examples in %d partitions, engine dl4j %s: %s, updater %s, nd4j %s%n",
          opts.model(), opts.dataset().configName(), examples, training.partitions(), dl4jVersion(), masterText,
          optimizer.describe(), nd4j);
      job.provenance().dataNote("engine dl4j: each partition's epoch permutation cut into minibatches as in the native"
          + " engine, assigned to DL4J workers by DL4J's seeded balanced random split");
    }

    @Override
    public EpochRunner.Result run(TrainState start, int epoch, EpochRunner.Progress progress) {
      JavaRDD<DataSet> data = minibatches(train.rdd(), job.run().seed(), epoch, training.batchSize(), opts.model().outputSize());
      try {
        // A master per epoch, its split seeded by (seed, epoch): a resumed epoch splits as the uninterrupted one.
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(job.jsc(), net, master(threadLimit,
            seeds.derive("dl4j-split", epoch).seed()));
        sparkNet.fit(data); // persists data (DL4J's storage level, serialized)
        net = sparkNet.getNetwork();
      } finally {
        data.unpersist(false);
      }
      float[] params = converter.parameters(net);
      // DL4J reports no per-example training accuracy: the end-of-epoch model on the whole training set.
      ConfusionAccumulator trainEval = train.evaluate(job.jsc(), opts.model(), classes, job.math(), params);
      return new EpochRunner.Result(Dl4jState.state(net, params), steps, trainEval.lossSum(), examples, trainEval.correct());
    }
  }

  /** DL4J's parameter-averaging master for one epoch, with the split seed {@code splitSeed}. */
  private ParameterAveragingTrainingMaster master(Nd4jThreadLimit threadLimit, long splitSeed) {
    return new ParameterAveragingTrainingMaster.Builder(training.partitions(), training.batchSize())
        .batchSizePerWorker(training.batchSize())
        .averagingFrequency(training.localSteps())
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
