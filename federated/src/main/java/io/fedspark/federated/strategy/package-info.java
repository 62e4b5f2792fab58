/**
 * Server policies (Flower's "Strategy"): how a round's client updates become the next global
 * model. Aggregation maths are small pure functions tested against hand-computed values.
 */
package io.fedspark.federated.strategy;
