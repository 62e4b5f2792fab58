/**
 * Cohort selection: which clients take part in a round ({@link
 * io.fedspark.federated.sampling.ClientSelector}). {@link
 * io.fedspark.federated.sampling.UniformClientSelector} samples uniformly without replacement from a
 * stream seeded by (seed, "cohort", round); the curriculum client scheduler is the other
 * implementation. Selection is separate from aggregation ({@code strategy}), as in Flower's split of
 * the server's duties.
 */
package io.fedspark.federated.sampling;
