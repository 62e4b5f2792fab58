package io.fedspark.jobs;

import io.fedspark.federated.config.ConfigView;

/**
 * A fedspark job: what {@code fedspark <command>}, an experiment or a sweep runs with a validated
 * configuration. Every job has the same shape: {@link #validate} builds every options record it
 * reads (so a bad value fails before any work, and before a grid's first run), and {@link #run}
 * does the work in the current SparkSession and writes its run directory. A new job is one class
 * implementing this plus one constant in {@link JobKind}.
 */
public interface Job {
  /**
   * Builds every options record the job reads from {@code config}.
   *
   * @throws io.fedspark.federated.config.InvalidConfigException naming the key, value and expectation
   */
  void validate(ConfigView config);

  /**
   * Whether {@code key} changes the result of this job: a resumed run must keep such a key as the
   * run was started with (its checkpoint's fingerprint covers these keys). Every key, unless the job
   * says otherwise.
   */
  default boolean determinesTheResult(String key) {
    return true;
  }

  /** Runs the job (resuming {@code context.resume()} when set and the job supports it). */
  JobOutcome run(JobContext context);
}
