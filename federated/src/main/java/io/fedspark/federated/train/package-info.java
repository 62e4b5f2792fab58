/**
 * Data-parallel training without Spark: the loop ({@link io.fedspark.federated.train.DataParallelTraining}),
 * one epoch's synchronisations ({@link io.fedspark.federated.train.EpochRunner}), the per-partition
 * work ({@link io.fedspark.federated.train.PartitionStep}: local SGD after Stich 2019, or one
 * synchronous gradient), the exact order-independent reduction
 * ({@link io.fedspark.federated.train.StepAccumulator}), evaluation, early stopping and checkpoints,
 * behind a backend interface ({@link io.fedspark.federated.train.TrainBackend}) that Spark jobs, a
 * thread pool or a gang-scheduled stage implement.
 */
package io.fedspark.federated.train;
