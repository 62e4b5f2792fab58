/**
 * {@code fedspark experiment FILE}: runs a grid of job configurations, several seeds each, in one
 * SparkSession, and reports the mean and standard deviation of a metric per grid point (results
 * CSV, markdown summary, plot, provenance). The file format is documented on {@link
 * io.fedspark.jobs.experiment.ExperimentSpec} and in {@code docs/experiments.md}.
 */
package io.fedspark.jobs.experiment;
