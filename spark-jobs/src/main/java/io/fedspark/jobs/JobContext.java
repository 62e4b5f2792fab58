package io.fedspark.jobs;

import io.fedspark.jobs.config.JobConfig;
import java.util.List;

/**
 * What the command line (or an experiment, a sweep, the Spark ML API) hands a job: the command name,
 * the raw arguments (for provenance), the validated configuration and the run directory to resume
 * (null for a new run).
 */
public record JobContext(String command, List<String> arguments, JobConfig config, String resume) {
  public JobContext {
    arguments = List.copyOf(arguments);
  }

  /** A new run (nothing to resume). */
  public JobContext(String command, List<String> arguments, JobConfig config) {
    this(command, arguments, config, null);
  }
}
