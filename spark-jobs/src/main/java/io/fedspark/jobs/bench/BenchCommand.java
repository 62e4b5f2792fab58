package io.fedspark.jobs.bench;

import io.fedspark.jobs.cli.UserInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code fedspark bench math [--quick]}: runs {@link MathBenchmark} (JMH), prints its table and
 * writes {@value #RESULTS_DIR}/math.json (atomically) under the working directory. {@code --quick}
 * (also accepted as {@code quick}) takes about two minutes; the full run about ten.
 */
public final class BenchCommand {
  /** Directory, relative to the working directory, of the result files. */
  public static final String RESULTS_DIR = "bench-results";

  private BenchCommand() {}

  /** Runs {@code bench ARGS}; progress lines go to standard error. Returns the exit code. */
  public static int run(List<String> args, PrintStream out) {
    return run(args, out, System.err, Path.of(RESULTS_DIR));
  }

  /** As {@link #run(List, PrintStream)} with explicit progress stream and result directory. */
  public static int run(List<String> args, PrintStream out, PrintStream progress, Path resultsDir) {
    if (args.isEmpty() || !args.get(0).equals("math")) {
      throw new UserInputException("bench: expected 'bench math [--quick]', 'bench federate [--quick]', 'bench train [--quick]', 'bench data [--quick]' or 'bench api [--quick]', got 'bench"
          + (args.isEmpty() ? "' with no benchmark name" : " " + String.join(" ", args) + "'"));
    }
    boolean quick = quick("math", args);
    MathBenchOptions options = quick ? MathBenchOptions.quick() : MathBenchOptions.full();
    return run(options, "fedspark bench math" + (quick ? " --quick" : ""), out, progress, resultsDir);
  }

  /**
   * Parses the arguments of {@code bench NAME [--quick]} (the launcher may pass the flag as the
   * bare word {@code quick}).
   *
   * @return whether {@code --quick} was given
   * @throws UserInputException if the first argument is not {@code name} or another argument follows
   */
  static boolean quick(String name, List<String> args) {
    if (args.isEmpty() || !args.get(0).equals(name)) {
      throw new UserInputException("bench: expected 'bench " + name + " [--quick]', got 'bench " + String.join(" ", args) + "'");
    }
    boolean quick = false;
    for (String a : args.subList(1, args.size())) {
      if (a.equals("--quick") || a.equals("quick")) {
        quick = true;
      } else {
        throw new UserInputException("bench " + name + ": unexpected argument '" + a + "'; expected only --quick");
      }
    }
    return quick;
  }

  /**
   * A new directory under the system's temporary directory for the runs of {@code bench NAME}
   * (named {@code fedspark-bench-NAME} and a unique suffix).
   *
   * @throws UncheckedIOException naming the benchmark if it cannot be created
   */
  static Path runDirectory(String name) {
    try {
      return Files.createTempDirectory("fedspark-bench-" + name);
    } catch (IOException e) {
      throw new UncheckedIOException("bench " + name + ": cannot create a run directory: " + e.getMessage(), e);
    }
  }

  /** Runs the benchmark with the given options, prints the table and writes the JSON. */
  static int run(MathBenchOptions options, String command, PrintStream out, PrintStream progress, Path resultsDir) {
    progress.println("fedspark bench math (" + options.mode() + "): JMH, " + options.jmh().sampling().statistic());
    BenchReport report = new MathBenchmark(options, progress).run(command);
    Path file = resultsDir.resolve(report.benchmark() + ".json");
    report.writeJson(file);
    out.print(report.table());
    out.println("results: " + file.toAbsolutePath());
    return 0;
  }
}
