/**
 * Server policies (Flower's "Strategy"): how a round's client updates become the next global
 * model. {@link io.fedspark.federated.strategy.FedAvg} and
 * {@link io.fedspark.federated.strategy.FedProx} take the weighted mean;
 * {@link io.fedspark.federated.strategy.FedAvgM} and the {@link io.fedspark.federated.strategy.FedOpt}
 * family (FedAdam, FedYogi, FedAdagrad) treat mean - w as a pseudo-gradient for a stateful server
 * optimizer; {@link io.fedspark.federated.strategy.CoordinateMedian} and
 * {@link io.fedspark.federated.strategy.TrimmedMean} are Byzantine-robust and need every client's
 * parameters. {@link io.fedspark.federated.strategy.StrategyOptions} is the validated configuration
 * ({@code federate.strategy.*}) and the factory. Cohort selection lives in
 * {@code io.fedspark.federated.sampling}.
 *
 * <p>Aggregation maths are small pure functions (package-private static methods such as
 * {@code FedAdam.secondMoment}) tested against hand-computed values. Server state is kept as
 * float arrays and read back from them every round, so {@code state()} / {@code restore()} resume a
 * run bit-identically.
 */
package io.fedspark.federated.strategy;
