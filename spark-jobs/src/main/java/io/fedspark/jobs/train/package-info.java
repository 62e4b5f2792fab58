/**
 * Data-parallel training on Spark (fedspark train): local SGD with parameter and optimizer-state
 * averaging, or synchronous gradient averaging, on the native math core (or DL4J's Spark engine),
 * with distributed evaluation, early stopping, checkpoints and resume.
 */
package io.fedspark.jobs.train;
