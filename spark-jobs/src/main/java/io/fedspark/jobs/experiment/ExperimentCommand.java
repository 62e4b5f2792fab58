package io.fedspark.jobs.experiment;

import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.DataOptions;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.config.RunOptions;
import io.fedspark.jobs.distill.DistillJob;
import io.fedspark.jobs.distill.DistillOptions;
import io.fedspark.jobs.federate.FederateJob;
import io.fedspark.jobs.federate.FederateOptions;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.train.TrainJob;
import io.fedspark.jobs.train.TrainOptions;
import io.fedspark.jobs.unlearn.UnlearnJob;
import io.fedspark.jobs.unlearn.UnlearnOptions;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The job an experiment or sweep runs at every grid point and seed ({@code experiment.command},
 * {@code sweep.command}). Each command knows how to validate a job configuration completely (every
 * option record built), so a grid can be checked before the first run, and how to run one job.
 *
 * <p>This is the one job dispatch table of the grid runners: a new job joins experiments and sweeps
 * with one constant here, as {@link #DISTILL} did.
 * Its headline numbers reach the sweep's result table through its {@code provenance.json} {@code
 * results} (see {@link io.fedspark.jobs.provenance.Provenance#result}).
 */
public enum ExperimentCommand {
  /** {@code fedspark federate}: simulated federated learning (keys {@code federate.*}). */
  FEDERATE(FederateOptions::from, ctx -> dir(FederateJob.run(ctx, null).runDir())),
  /** {@code fedspark train}: data-parallel training (keys {@code train.*}). */
  TRAIN(TrainOptions::from, ctx -> dir(TrainJob.run(ctx, null).runDir())),
  /** {@code fedspark unlearn}: machine-unlearning audit (keys {@code unlearn.*}). */
  UNLEARN(UnlearnOptions::from, ctx -> dir(UnlearnJob.run(ctx).runDir())),
  /** {@code fedspark distill}: KRR-ST dataset distillation and its evaluation (keys {@code distill.*}). */
  DISTILL(DistillOptions::from, ctx -> dir(DistillJob.run(ctx).runDir()));

  private final Consumer<JobConfig> options;
  private final Function<JobContext, String> runner;

  ExperimentCommand(Consumer<JobConfig> options, Function<JobContext, String> runner) {
    this.options = options;
    this.runner = runner;
  }

  /** The configuration spelling, e.g. {@code federate}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Builds every option record the job would build from {@code cfg}, so that a bad value fails
   * here with the job's own message (naming the key) rather than in the middle of a grid.
   *
   * @throws IllegalArgumentException (usually {@link io.fedspark.federated.config.InvalidConfigException})
   */
  public void validate(JobConfig cfg) {
    RunOptions.from(cfg);
    DataOptions.from(cfg);
    MathOptions.from(cfg);
    options.accept(cfg);
  }

  /** Runs the job in the current SparkSession; returns its run directory. */
  public String run(JobContext ctx) {
    return runner.apply(ctx);
  }

  private static String dir(RunDirectory d) {
    return d.toString();
  }
}
