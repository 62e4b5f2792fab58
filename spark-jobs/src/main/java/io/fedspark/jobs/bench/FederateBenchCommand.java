package io.fedspark.jobs.bench;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.jobs.SparkSessions;
import io.fedspark.jobs.cli.UserInputException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code fedspark bench federate [--quick]}: runs {@link FederateBenchmark} on its own
 * {@value FederateBenchOptions#MASTER} SparkSession, prints its table and writes
 * {@value BenchCommand#RESULTS_DIR}/federate.json (atomically) under the working directory. The
 * launcher gives the JVM a 2 GB heap, the driver memory the issue sets. {@code --quick} (also
 * accepted as {@code quick}) takes a few minutes; the full run about ten.
 */
public final class FederateBenchCommand {
  /** MNIST's training rows: the population of 10,000 clients gets 6 examples each. */
  static final int TRAIN_ROWS = 60_000;

  private FederateBenchCommand() {}

  /** Runs {@code bench federate ARGS}; progress lines go to standard error. Returns the exit code. */
  public static int run(List<String> args, PrintStream out) {
    boolean quick = BenchCommand.quick("federate", args);
    FederateBenchOptions options = quick ? FederateBenchOptions.quick() : FederateBenchOptions.full();
    SparkSession spark = SparkSessions.getOrCreate(new io.fedspark.jobs.config.SparkOptions("fedspark bench federate", FederateBenchOptions.MASTER, java.util.Map.of()));
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      if (!jsc.master().equals(FederateBenchOptions.MASTER)) {
        throw new UserInputException("bench federate measures on " + FederateBenchOptions.MASTER + " but Spark's master is "
            + jsc.master() + " (set by spark.master); run it with deploy/bin/fedspark bench federate");
      }
      return run(options, jsc, mnistOrRandom(options.model().inputSize(), options.model().outputSize(), options.seed()),
          "fedspark bench federate" + (quick ? " --quick" : ""), out, System.err, Path.of(BenchCommand.RESULTS_DIR));
    } finally {
      spark.stop();
    }
  }

  /** Runs the benchmark on {@code jsc}, prints the table and writes the JSON. */
  static int run(FederateBenchOptions options, JavaSparkContext jsc, Data data, String command, PrintStream out,
      PrintStream progress, Path resultsDir) {
    progress.printf(Locale.ROOT, "fedspark bench federate (%s) on %s, heap limit %.0f MB: data %s%n", options.mode(),
        jsc.master(), HeapWatch.maxHeap() / (1024.0 * 1024.0), data.description());
    BenchReport report = new FederateBenchmark(options, progress).run(jsc, data.train(), data.description(), command);
    Path file = resultsDir.resolve(report.benchmark() + ".json");
    report.writeJson(file);
    out.print(FederateBenchmark.table(report));
    out.println("results: " + file.toAbsolutePath());
    return 0;
  }

  /** The training rows and where they came from. */
  record Data(LabeledDataset train, String description) {}

  /**
   * MNIST's training set if it is in the data cache ({@code FEDSPARK_DATA} or
   * {@code ~/.cache/fedspark/datasets}), else {@value #TRAIN_ROWS} random rows of the same shape:
   * round times depend on the shapes, not on the pixel values. Never downloads.
   */
  static Data mnistOrRandom(int features, int classes, long seed) {
    CachedMnist mnist = CachedMnist.read(features, classes, 0);
    if (mnist.usable()) {
      return new Data(mnist.train(), "MNIST training set, " + mnist.train().size() + " rows (pixels / 255), from "
          + mnist.directory());
    }
    return random(TRAIN_ROWS, features, classes, seed, mnist.whyNot());
  }

  /** {@code rows} random rows ({@link TrainingRows#random}) as a dataset. */
  static Data random(int rows, int features, int classes, long seed, String why) {
    TrainingRows r = TrainingRows.random(rows, features, classes, seed);
    LabeledDataset d = LabeledDataset.of("random-train", new int[] {features}, r.x().data(), r.labels(), classes);
    return new Data(d, r.description() + (why == null ? "" : "; " + why));
  }
}
