/**
 * Data-parallel training on Spark (fedspark train): local SGD with parameter and optimizer-state
 * averaging, or synchronous gradient averaging, on the native math core (or DL4J's Spark engine),
 * with distributed evaluation, early stopping, checkpoints and resume. The native engine
 * synchronises with one Spark job per synchronisation ({@code train.exchange = jobs},
 * {@link io.fedspark.jobs.train.SparkTrainBackend}) or inside one gang-scheduled barrier stage per
 * epoch ({@code barrier}, {@link io.fedspark.jobs.train.BarrierEpochDriver}, over a TCP ring).
 */
package io.fedspark.jobs.train;
