/**
 * Partitioning of a labelled dataset over simulated federated clients, and the skew report every
 * run writes about the result.
 *
 * <p>Schemes ({@link io.fedspark.federated.partition.PartitionScheme}, configured through {@link
 * io.fedspark.federated.partition.PartitionOptions} under {@code federate.partition.*}):
 *
 * <ul>
 *   <li>{@code iid}: a seeded shuffle cut into near-equal parts;
 *   <li>{@code dirichlet}: label skew as NIID-Bench does it, a Dirichlet(beta) over clients per
 *       class (Li, Diao, Chen and He, "Federated Learning on Non-IID Data Silos: An Experimental
 *       Study", ICDE 2022);
 *   <li>{@code labeldir}: the scheme of the curriculum study, a Dirichlet over classes per client
 *       (Vahidian et al., "When Do Curricula Work in Federated Learning?", ICCV 2023);
 *   <li>{@code shards}: sort by label, cut into shards, k shards per client (McMahan et al.,
 *       "Communication-Efficient Learning of Deep Networks from Decentralized Data", AISTATS
 *       2017);
 *   <li>{@code quantity}: Dirichlet client sizes with IID contents (NIID-Bench's quantity skew);
 *   <li>{@code natural}: one client per value of a group column (e.g. the writer of a character).
 * </ul>
 *
 * <p>Every random choice draws from a {@link io.fedspark.math.random.SeedSequence} node derived
 * from the caller's seed, the scheme and the draw number, so a partition is a pure function of
 * (seed, options, labels). Redrawing until every client has {@code federate.partition.min-examples}
 * examples follows NIID-Bench; a rule that cannot be met fails with a message that says what to
 * change. Each partitioner runs in O(examples + clients x classes) per draw, so MNIST into 10,000
 * clients takes milliseconds.
 *
 * <p>{@link io.fedspark.federated.partition.SkewReport} measures the result: per-client sizes and
 * label histograms, and the Hellinger and Jensen-Shannon distances of each client's label
 * distribution to the global one, as CSV, a text summary and JSON. This package imports the JDK,
 * slf4j, core-math and {@code io.fedspark.federated.data} only; no Spark.
 */
package io.fedspark.federated.partition;
