package io.fedspark.jobs.bench;

import io.fedspark.jobs.SparkSessions;
import io.fedspark.jobs.cli.UserInputException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code fedspark bench train [--quick]}: runs {@link TrainBenchmark} (native vs DL4J Spark engine,
 * time to 97% test accuracy and examples/s on MNIST with mlp:784-200-10, plus the native engine's
 * scaling efficiency on 2 cores) on its own local[2] SparkSession, prints its table and writes
 * {@value BenchCommand#RESULTS_DIR}/train.json (atomically) under the working directory. The
 * launcher gives the JVM a 2 GB heap.
 */
public final class TrainBenchCommand {
  /** The Spark master every figure is measured on. */
  public static final String MASTER = "local[2]";

  private TrainBenchCommand() {}

  /** Runs {@code bench train ARGS}; progress lines go to standard error. Returns the exit code. */
  public static int run(List<String> args, PrintStream out) {
    boolean quick = BenchCommand.quick("train", args);
    TrainBenchmark.Options options = quick ? TrainBenchmark.Options.quick() : TrainBenchmark.Options.full();
    SparkSession spark = SparkSessions.getOrCreate(new io.fedspark.jobs.config.SparkOptions("fedspark bench train", MASTER, java.util.Map.of()));
    try {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      if (!jsc.master().equals(MASTER)) {
        throw new UserInputException("bench train measures on " + MASTER + " but Spark's master is " + jsc.master()
            + " (set by spark.master); run it with deploy/bin/fedspark bench train");
      }
      return run(options, jsc, List.of(), "fedspark bench train" + (quick ? " --quick" : ""), out, System.err,
          Path.of(BenchCommand.RESULTS_DIR));
    } finally {
      spark.stop();
    }
  }

  /** Runs the benchmark on {@code jsc}, prints the table and writes the JSON; {@code extra} settings go last. */
  static int run(TrainBenchmark.Options options, JavaSparkContext jsc, List<String> extra, String command,
      PrintStream out, PrintStream progress, Path resultsDir) {
    progress.printf(Locale.ROOT, "fedspark bench train (%s) on %s, heap limit %.0f MB%n", options.mode(), jsc.master(),
        HeapWatch.maxHeap() / (1024.0 * 1024.0));
    BenchReport report = new TrainBenchmark(options, progress).run(jsc, command, extra);
    Path file = resultsDir.resolve(report.benchmark() + ".json");
    report.writeJson(file);
    out.print(TrainBenchmark.table(report));
    out.println("results: " + file.toAbsolutePath());
    return 0;
  }
}
