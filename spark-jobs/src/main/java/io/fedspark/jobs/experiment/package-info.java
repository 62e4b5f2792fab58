/**
 * {@code fedspark experiment FILE}: runs a grid of job configurations, several seeds each, in one
 * SparkSession, and reports the mean and standard deviation of a metric per grid point (results
 * CSV, markdown summary, plot, provenance). The file format is documented on {@link
 * io.fedspark.jobs.experiment.ExperimentSpec} and in {@code docs/experiments.md}.
 *
 * <p>The grid itself (file, plan, engine) is shared with {@code fedspark sweep}: {@link
 * io.fedspark.jobs.experiment.GridFile} reads the file, {@link
 * io.fedspark.jobs.experiment.ExperimentPlan} expands grid points x seeds and validates every run,
 * and {@link io.fedspark.jobs.experiment.GridRunner} runs the planned runs; an experiment is that
 * engine with one job, one run at a time and a summary table.
 */
package io.fedspark.jobs.experiment;
