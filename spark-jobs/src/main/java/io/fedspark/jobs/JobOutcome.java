package io.fedspark.jobs;

import io.fedspark.jobs.io.RunDirectory;

/** What every job run leaves: its run directory (results, metrics, model and provenance inside). */
public interface JobOutcome {
  /** The run directory. */
  RunDirectory runDir();
}
