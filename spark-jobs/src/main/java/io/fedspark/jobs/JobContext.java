package io.fedspark.jobs;

import io.fedspark.jobs.config.JobConfig;
import java.util.List;

/**
 * What the command line hands a job: the command name, the raw arguments (for provenance) and the
 * validated configuration.
 */
public record JobContext(String command, List<String> arguments, JobConfig config) {
  public JobContext {
    arguments = List.copyOf(arguments);
  }
}
