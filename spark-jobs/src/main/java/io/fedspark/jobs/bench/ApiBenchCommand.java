package io.fedspark.jobs.bench;

import io.fedspark.jobs.SparkSessions;
import io.fedspark.jobs.cli.UserInputException;
import io.fedspark.jobs.config.SparkOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * {@code fedspark bench api [--quick]}: runs {@link ApiBenchmark} (fedspark's
 * {@code NeuralNetClassifier} against Spark MLlib's {@code MultilayerPerceptronClassifier}: fit
 * time to 97% MNIST test accuracy and {@code transform} rows/s, 784-200-10) on its own local[2]
 * SparkSession, prints its table and writes {@value BenchCommand#RESULTS_DIR}/api.json
 * (atomically) under the working directory. The full run takes as long as MLlib needs (about
 * 10-40 minutes on 2 cores, with the machine's load); {@code --quick} under a minute, with budgets
 * too small for any claim about 97%. The launcher gives the JVM a 3 GB heap.
 */
public final class ApiBenchCommand {
  private ApiBenchCommand() {}

  /** Runs {@code bench api ARGS}; progress lines go to standard error. Returns the exit code. */
  public static int run(List<String> args, PrintStream out) {
    if (args.isEmpty() || !args.get(0).equals("api")) {
      throw new UserInputException("bench: expected 'bench api [--quick]', got 'bench " + String.join(" ", args) + "'");
    }
    boolean quick = false;
    for (String a : args.subList(1, args.size())) {
      if (a.equals("--quick") || a.equals("quick")) {
        quick = true;
      } else {
        throw new UserInputException("bench api: unexpected argument '" + a + "'; expected only --quick");
      }
    }
    ApiBenchmark.Options options = quick ? ApiBenchmark.Options.quick() : ApiBenchmark.Options.full();
    SparkSession spark = SparkSessions.getOrCreate(new SparkOptions("fedspark bench api", TrainBenchCommand.MASTER,
        Map.of()));
    try {
      String master = spark.sparkContext().master();
      if (!master.equals(TrainBenchCommand.MASTER)) {
        throw new UserInputException("bench api measures on " + TrainBenchCommand.MASTER + " but Spark's master is "
            + master + " (set by spark.master); run it with deploy/bin/fedspark bench api");
      }
      return run(options, List.of(), "fedspark bench api" + (quick ? " --quick" : ""), out, System.err,
          Path.of(BenchCommand.RESULTS_DIR));
    } finally {
      spark.stop();
    }
  }

  /** Runs the benchmark on the active session, prints the table and writes the JSON; {@code extra} settings go last. */
  static int run(ApiBenchmark.Options options, List<String> extra, String command, PrintStream out,
      PrintStream progress, Path resultsDir) {
    progress.printf(Locale.ROOT, "fedspark bench api (%s), heap limit %.0f MB%n", options.mode(),
        HeapWatch.maxHeap() / (1024.0 * 1024.0));
    BenchReport report = new ApiBenchmark(options, progress).run(command, extra);
    Path file = resultsDir.resolve(report.benchmark() + ".json");
    report.writeJson(file);
    out.print(ApiBenchmark.table(report));
    out.println("results: " + file.toAbsolutePath());
    return 0;
  }
}
