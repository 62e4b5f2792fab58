package io.fedspark.jobs.demo;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.SparkSessions;
import io.fedspark.jobs.config.DataOptions;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.config.RunOptions;
import io.fedspark.jobs.data.ExampleShard;
import io.fedspark.jobs.data.HadoopDatasetSource;
import io.fedspark.jobs.data.TrainTest;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.provenance.Provenance;
import io.fedspark.math.FloatMatrix;
import io.fedspark.math.blas.MathRuntime;
import io.fedspark.math.nn.EvalResult;
import io.fedspark.math.nn.Model;
import io.fedspark.math.random.SeedSequence;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first real job: trains a classifier (logistic regression by default) on MNIST with the math
 * core, by synchronous parameter averaging over a fixed number of data partitions (one-shot
 * averaging per epoch, Zinkevich et al. 2010 "Parallelized Stochastic Gradient Descent", repeated
 * each epoch from the averaged model). Each epoch: broadcast the parameters, every partition runs
 * one seeded SGD pass over its shard, the example-weighted parameter mean is reduced with an
 * order-independent treeAggregate, the broadcast is destroyed. The result depends on the seed and
 * {@code demo.partitions}, not on the number of executors.
 */
public final class DemoJob {
  private static final Logger LOG = LoggerFactory.getLogger(DemoJob.class);

  /** Outcome of a demo run. */
  public record Result(RunDirectory runDir, double testAccuracy, double testLoss, float[] parameters) {}

  private DemoJob() {}

  public static Result run(JobContext ctx) {
    var cfg = ctx.config();
    RunOptions run = RunOptions.from(cfg);
    DemoOptions opts = DemoOptions.from(cfg);
    DataOptions data = DataOptions.from(cfg);
    MathOptions math = MathOptions.from(cfg);
    String appName = cfg.string("spark.app-name");
    String fallbackMaster = cfg.string("spark.master");

    MathRuntime.configure(math.backend(), math.blasThreads());
    SparkSession spark = SparkSessions.getOrCreate(appName, fallbackMaster);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopFiles files = new HadoopFiles(jsc.hadoopConfiguration());
    RunDirectory runDir = RunDirectory.prepare(run, ctx.command(), files);
    Provenance prov = new Provenance(ctx.command(), ctx.arguments(), cfg, run.seed())
        .spark(spark.version(), jsc.master());

    TrainTest tt = new HadoopDatasetSource(files, data).load(opts.dataset(), run.seed(), prov);
    LabeledDataset train = tt.train();
    LabeledDataset test = tt.test();
    if (train.featureCount() != opts.model().inputSize()) {
      throw new io.fedspark.jobs.config.InvalidConfigException(
          "demo.model = '" + opts.model() + "': input size " + opts.model().inputSize()
              + " does not match dataset " + opts.dataset().configName() + " with " + train.featureCount() + " features");
    }
    SeedSequence seeds = SeedSequence.root(run.seed());
    List<ExampleShard> shards = split(train, opts.partitions(), seeds.derive("demo-partition"));
    prov.dataNote("train split into " + opts.partitions() + " IID partitions by a seeded shuffle");
    LOG.info("demo: {} train / {} test examples of {}, {} partitions, model {}, math backend {}",
        train.size(), test.size(), opts.dataset().configName(), opts.partitions(), opts.model(), MathRuntime.description());

    // localCheckpoint cuts the lineage back to the parallelized shards, so later tasks do not
    // carry the training data inside their partitions.
    JavaRDD<ExampleShard> rdd = jsc.parallelize(shards, opts.partitions());
    rdd.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    rdd.rdd().localCheckpoint();
    rdd.count();
    Model model = Model.create(opts.model(), seeds.derive("demo-init").seed());
    float[] params = model.parameters().clone();
    int dim = params.length;
    PartitionTrainer trainer = new PartitionTrainer(opts, math.backend(), math.blasThreads(), run.seed());
    List<String> csv = new ArrayList<>();
    csv.add("epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds");
    EvalResult eval = null;
    try {
      for (int epoch = 1; epoch <= opts.epochs(); epoch++) {
        long t0 = System.nanoTime();
        jsc.setJobGroup("demo-epoch-" + epoch, "fedspark demo: epoch " + epoch + " of " + opts.epochs(), false);
        Broadcast<float[]> bc = jsc.broadcast(params);
        EpochStats stats;
        try {
          final int e = epoch;
          stats =
              rdd.mapPartitions((Iterator<ExampleShard> it) -> trainer.train(it, bc.value(), e))
                  .treeAggregate(new EpochStats(dim), EpochStats::merge, EpochStats::merge, 2);
        } finally {
          bc.destroy();
        }
        params = stats.averagedParameters();
        model.setParameters(params);
        eval = model.evaluate(FloatMatrix.wrap(test.features(), 0, test.size(), test.featureCount()), test.labels());
        double secs = (System.nanoTime() - t0) / 1e9;
        String line = String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.3f",
            epoch, stats.meanLoss(), stats.accuracy(), eval.loss(), eval.accuracy(), secs);
        csv.add(line);
        System.out.printf(Locale.ROOT,
            "[demo] epoch %d/%d  train loss %.4f  train acc %.2f%%  test loss %.4f  test acc %.2f%%  (%.1f s, %.0f examples/s)%n",
            epoch, opts.epochs(), stats.meanLoss(), 100 * stats.accuracy(), eval.loss(), 100 * eval.accuracy(),
            secs, stats.examples() / secs);
      }
    } finally {
      rdd.unpersist(false);
      jsc.clearJobGroup();
    }
    runDir.writeString("metrics.csv", String.join("\n", csv) + "\n");
    prov.result("testAccuracy", eval.accuracy()).result("testLoss", eval.loss());
    prov.writeTo(runDir);
    System.out.printf(Locale.ROOT, "[demo] final test accuracy %.2f%% (%s, %s); results in %s%n",
        100 * eval.accuracy(), opts.model(), opts.dataset().configName(), runDir);
    return new Result(runDir, eval.accuracy(), eval.loss(), params);
  }

  /** Seeded IID split of the training set into {@code parts} shards of near-equal size. */
  static List<ExampleShard> split(LabeledDataset train, int parts, SeedSequence seed) {
    int n = train.size();
    if (parts > n) {
      throw new io.fedspark.jobs.config.InvalidConfigException(
          "demo.partitions = " + parts + ": expected at most the " + n + " training examples");
    }
    int[] perm = PartitionTrainer.permutation(n, seed.random());
    List<ExampleShard> shards = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      int from = (int) ((long) n * p / parts);
      int to = (int) ((long) n * (p + 1) / parts);
      shards.add(ExampleShard.of(p, train, java.util.Arrays.copyOfRange(perm, from, to)));
    }
    return shards;
  }
}
