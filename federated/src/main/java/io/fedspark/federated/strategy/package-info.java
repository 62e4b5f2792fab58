/**
 * Server policies (Flower's "Strategy"): how a round's client updates become the next global
 * model. {@link io.fedspark.federated.strategy.FedAvg} and
 * {@link io.fedspark.federated.strategy.FedProx} take the weighted mean;
 * {@link io.fedspark.federated.strategy.FedAvgM} and the {@link io.fedspark.federated.strategy.FedOpt}
 * family (FedAdam, FedYogi, FedAdagrad) treat mean - w as a pseudo-gradient for a stateful server
 * optimizer; {@link io.fedspark.federated.strategy.CoordinateMedian} and
 * {@link io.fedspark.federated.strategy.TrimmedMean} and {@link io.fedspark.federated.strategy.Krum}
 * are Byzantine-robust and need every client's parameters. Each strategy declares its settings
 * (its block {@code federate.strategy.<kind>.*}) and an {@code Options} record implementing
 * {@link io.fedspark.federated.strategy.StrategyOptions}, which builds fresh instances;
 * {@link io.fedspark.federated.strategy.StrategyKind} lists them. A strategy tells the clients how
 * to train each round through {@code Strategy.configureFit} (FedProx's proximal term). Cohort
 * selection lives in {@code io.fedspark.federated.sampling}.
 *
 * <p>Aggregation maths are small pure functions (package-private static methods such as
 * {@code FedAdam.secondMoment}) tested against hand-computed values. Server state is kept as
 * float arrays and read back from them every round, so {@code state()} / {@code restore()} resume a
 * run bit-identically.
 */
package io.fedspark.federated.strategy;
