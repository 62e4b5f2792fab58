/**
 * Aggregation of model parameters across clients or data partitions: small pure functions and
 * accumulators whose result does not depend on the order in which contributions arrive.
 */
package io.fedspark.federated.aggregate;
