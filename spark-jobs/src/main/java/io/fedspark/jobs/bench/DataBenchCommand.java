package io.fedspark.jobs.bench;

import io.fedspark.federated.data.DataDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code fedspark bench data [--quick]}: runs {@link DataBenchmark} (the data plane's scale proof:
 * Spark's scan vs {@code train} and {@code federate} reading a Parquet table in JVMs with a 512 MB
 * heap), prints its table and writes {@value BenchCommand#RESULTS_DIR}/data.json (atomically)
 * under the working directory. The table is kept in the data cache ({@code data.dir}'s default:
 * {@code $FEDSPARK_DATA}, else {@code ~/.cache/fedspark/datasets}) under {@code bench-data/MODE}
 * and reused by later runs. The full run writes a 2.4 GB table once (about ten minutes) and then
 * takes 7 to 20 minutes per repetition on 2 cores, depending on what else runs; {@code --quick}
 * about two minutes, on a table too small to prove the scale claim.
 */
public final class DataBenchCommand {
  private DataBenchCommand() {}

  /** Runs {@code bench data ARGS}; progress lines go to standard error. Returns the exit code. */
  public static int run(List<String> args, PrintStream out) {
    boolean quick = BenchCommand.quick("data", args);
    DataBenchOptions options = quick ? DataBenchOptions.quick() : DataBenchOptions.full();
    Path tables = DataDirectory.resolve("").resolve("bench-data").resolve(options.mode());
    Path work;
    try {
      work = Files.createTempDirectory("fedspark-bench-data-");
    } catch (IOException e) {
      throw new UncheckedIOException("bench data: cannot create a working directory: " + e.getMessage(), e);
    }
    return run(options, tables, work, "fedspark bench data" + (quick ? " --quick" : ""), out, System.err,
        Path.of(BenchCommand.RESULTS_DIR));
  }

  /** Runs the benchmark, prints the table and writes the JSON. */
  static int run(DataBenchOptions options, Path tableDir, Path workDir, String command, PrintStream out,
      PrintStream progress, Path resultsDir) {
    progress.printf(Locale.ROOT, "fedspark bench data (%s): table %s, measuring JVMs -Xmx%dm on %s, %d repetition%s%n",
        options.mode(), tableDir, options.heapMb(), DataBenchOptions.MASTER, options.repetitions(),
        options.repetitions() == 1 ? "" : "s");
    DataBenchmark.Outcome outcome = new DataBenchmark(options, progress).run(tableDir, workDir, command);
    Path file = resultsDir.resolve(outcome.report().benchmark() + ".json");
    outcome.report().writeJson(file);
    out.print(DataBenchmark.table(outcome));
    out.println("results: " + file.toAbsolutePath());
    return 0;
  }
}
