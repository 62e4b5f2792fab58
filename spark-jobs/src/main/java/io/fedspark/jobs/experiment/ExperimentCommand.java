package io.fedspark.jobs.experiment;

import io.fedspark.jobs.config.DataOptions;
import io.fedspark.jobs.config.JobConfig;
import io.fedspark.jobs.config.MathOptions;
import io.fedspark.jobs.config.RunOptions;
import io.fedspark.jobs.federate.FederateOptions;
import java.util.Locale;

/**
 * The job an experiment runs at every grid point and seed ({@code experiment.command}). Each
 * command knows how to validate a job configuration completely (every option record built), so an
 * experiment can check its whole grid before the first run.
 */
public enum ExperimentCommand {
  /** {@code fedspark federate}: simulated federated learning (keys {@code federate.*}). */
  FEDERATE;

  /** The configuration spelling, e.g. {@code federate}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Builds every option record the job would build from {@code cfg}, so that a bad value fails
   * here with the job's own message (naming the key) rather than in the middle of an experiment.
   *
   * @throws IllegalArgumentException (usually {@link io.fedspark.jobs.config.InvalidConfigException})
   */
  void validate(JobConfig cfg) {
    RunOptions.from(cfg);
    DataOptions.from(cfg);
    MathOptions.from(cfg);
    switch (this) {
      case FEDERATE -> FederateOptions.from(cfg);
      default -> throw new AssertionError(this);
    }
  }
}
