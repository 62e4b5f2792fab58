package io.fedspark.jobs.experiment;

import com.typesafe.config.ConfigValueFactory;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.SparkSessions;
import io.fedspark.jobs.cli.UserInputException;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.RunOptions;
import io.fedspark.jobs.federate.FederateJob;
import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.io.RunDirectory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fedspark experiment FILE [--set ...]}: runs an experiment ({@link ExperimentSpec}) and
 * reports it.
 *
 * <ol>
 *   <li>Loads the experiment file and validates the job configuration of every grid point and seed
 *       ({@link ExperimentPlan}); any invalid point stops the experiment before the first run.
 *   <li>Opens one SparkSession (from {@code spark.*} of the base) and the experiment's output
 *       directory ({@code run.dir}, default {@code <run.root>/experiment-<name>-<time>}), refusing
 *       a non-empty one unless {@code run.overwrite}.
 *   <li>Runs the jobs one after another in that session, each in its own directory
 *       {@code runs/<NNN>-<values>-seed<S>} with all the job's usual outputs; prints one progress
 *       line per run. A run that throws is recorded with its error and the experiment goes on.
 *   <li>After every run, rewrites {@code results.csv}, {@code summary.md} and {@code summary.png}
 *       atomically ({@link ExperimentReport}); at the end writes {@code provenance.json}.
 * </ol>
 * Exit code 0 if every run succeeded, 1 if any failed (the reports are complete either way).
 */
public final class ExperimentJob {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentJob.class);

  /** Runs one job of the experiment (the federate job; replaced in tests). */
  @FunctionalInterface
  public interface RunExecutor {
    FederateJob.Result run(JobContext context);
  }

  /**
   * Outcome of an experiment.
   *
   * @param dir its output directory
   * @param outcomes one per run, in run order
   * @param summary per grid point
   */
  public record Result(RunDirectory dir, List<RunOutcome> outcomes, ExperimentSummary summary) {
    public long failed() {
      return outcomes.stream().filter(o -> !o.succeeded()).count();
    }
  }

  /**
   * The command: loads {@code file} with {@code sets}, runs it and returns the exit code.
   *
   * @param resume must be null (an experiment cannot be resumed)
   * @param arguments the raw command line, for provenance and the summary
   */
  public static int command(Path file, List<String> sets, String resume, List<String> arguments, PrintStream out) {
    if (resume != null) {
      throw new UserInputException("experiment: --resume is not supported; rerun the experiment (or the failed runs with"
          + " fedspark federate --resume RUN_DIR)");
    }
    ExperimentSpec spec = ExperimentSpec.load(file, sets);
    Result r = run(spec, arguments, out, ctx -> FederateJob.run(ctx, null));
    return r.failed() == 0 ? 0 : 1;
  }

  private final ExperimentSpec spec;
  private final ExperimentPlan plan;
  private final ConfigLoader loader;
  private final RunDirectory dir;
  private final List<String> arguments;
  private final PrintStream out;
  private final RunExecutor executor;
  private final List<RunOutcome> finished = new ArrayList<>();
  private ExperimentSummary summary;

  private ExperimentJob(ExperimentSpec spec, ExperimentPlan plan, ConfigLoader loader, RunDirectory dir,
      List<String> arguments, PrintStream out, RunExecutor executor) {
    this.spec = spec;
    this.plan = plan;
    this.loader = loader;
    this.dir = dir;
    this.arguments = arguments;
    this.out = out;
    this.executor = executor;
  }

  /**
   * Runs an experiment, each run through {@code executor}: the grid of one job run one point at a
   * time by the grid engine ({@link GridRunner}), with a summary table after every run.
   */
  public static Result run(ExperimentSpec spec, List<String> arguments, PrintStream out, RunExecutor executor) {
    ConfigLoader loader = ConfigLoader.withShippedDefaults();
    ExperimentPlan plan = ExperimentPlan.validate(spec, loader);
    JobConfig expCfg = plan.experimentConfig();
    SparkSession spark = SparkSessions.getOrCreate(io.fedspark.jobs.config.SparkOptions.from(expCfg));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopFiles files = new HadoopFiles(jsc.hadoopConfiguration());
    RunDirectory dir = RunDirectory.prepare(RunOptions.from(expCfg), "experiment-" + spec.name(), files);
    Instant start = Instant.now();
    int total = plan.runs().size();
    out.printf(Locale.ROOT, "[experiment] %s: %s x %s = %s of %s; results in %s%n", spec.name(), count(plan.points().size(), "grid point"),
        count(spec.seeds().size(), "seed"), count(total, "run"), spec.command().configName(), dir);
    ExperimentJob experiment = new ExperimentJob(spec, plan, loader, dir, arguments, out, executor);
    List<RunOutcome> outcomes = GridRunner.runAll("experiment " + spec.name(), plan.runs(), 1,
        "fedspark-experiment-" + spec.name(), experiment::runOne, experiment::finished);
    ExperimentProvenance.write(dir, plan, outcomes, arguments, start, spark.version(), jsc.master());
    Result result = new Result(dir, outcomes, experiment.summary);
    experiment.printSummary(result, Duration.between(start, Instant.now()).toMillis() / 1000.0);
    return result;
  }

  /** Runs one grid point and seed in {@code runs/<NNN>-<values>-seed<S>}; a failure is an outcome. */
  private RunOutcome runOne(ExperimentPlan.PlannedRun run) {
    String runDir = dir.resolve(String.format(Locale.ROOT, "runs/%03d-%s-seed%d", run.number(), run.point().slug(), run.seed()))
        .toString();
    List<String> overrides = new ArrayList<>(run.overrides());
    overrides.add("run.dir=" + ConfigValueFactory.fromAnyRef(runDir).render());
    out.println(progress(run) + " ...");
    long t0 = System.nanoTime();
    try {
      FederateJob.Result result = executor.run(GridRunner.context(spec.command().configName(), loader, overrides, arguments,
          "(run " + run.number() + "/" + run.total() + ")"));
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (result == null || result.state() == null) {
        return RunOutcome.failed(run, "the run stopped before its last round (federate.test-stop-after?)", seconds, runDir);
      }
      return RunOutcome.of(run, result.state(), spec.metric(), seconds, runDir);
    } catch (RuntimeException e) {
      LOG.warn("experiment {}: run {} ({}) failed", spec.name(), run.number(), run.describe(), e);
      return RunOutcome.failed(run, RunOutcome.failureMessage(e), (System.nanoTime() - t0) / 1e9, runDir);
    }
  }

  /** Prints the run's result and rewrites the reports with every run finished so far. */
  private void finished(ExperimentPlan.PlannedRun run, RunOutcome outcome, int count) {
    finished.add(outcome);
    out.println(progress(run) + " ... " + (outcome.succeeded()
        ? String.format(Locale.ROOT, "%.2f%%", spec.metric().displayScale() * outcome.metric())
        : "FAILED: " + outcome.error()) + " (" + duration(outcome.seconds()) + ")");
    summary = ExperimentReport.write(dir, plan, finished, "fedspark " + String.join(" ", arguments));
  }

  private static String progress(ExperimentPlan.PlannedRun run) {
    return String.format(Locale.ROOT, "[experiment] run %d/%d: %s", run.number(), run.total(), run.describe());
  }

  private void printSummary(Result result, double seconds) {
    out.println();
    out.print(summary.markdown(spec));
    if (spec.compare() != null) {
      out.println();
      out.print(spec.compare().section(spec, plan.points(), result.outcomes()));
    }
    out.printf(Locale.ROOT, "%n[experiment] %s: %s (%d failed) in %s; results in %s%n", spec.name(), count(plan.runs().size(), "run"),
        result.failed(), duration(seconds), dir);
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** "41 s", "17 min 32 s". */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s < 60 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
  }
}
