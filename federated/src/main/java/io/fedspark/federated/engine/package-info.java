/**
 * The federated simulation engine: the round loop (select a cohort, run its clients somewhere,
 * aggregate, evaluate, checkpoint) over a small {@link io.fedspark.federated.engine.SimulationBackend}
 * interface. The in-process backend here runs clients on a thread pool; the Spark backend (module
 * spark-jobs) runs them as Spark tasks. Both give bit-identical results for the same seed.
 */
package io.fedspark.federated.engine;
