package io.fedspark.federated.partition;

import io.fedspark.math.random.Permutations;
import io.fedspark.math.random.SeedSequence;

/**
 * Quantity skew as NIID-Bench makes it ({@code iid-diff-quantity}; Li, Diao, Chen and He,
 * "Federated Learning on Non-IID Data Silos: An Experimental Study", ICDE 2022): client shares
 * {@code q ~ Dirichlet(quantityBeta, ..., quantityBeta)}, then a seeded shuffle of all examples is
 * cut into consecutive runs of {@code floor(N * cumsum(q))}, so sizes vary while every client's
 * contents are IID. Smaller {@code quantityBeta} means more unequal sizes.
 *
 * <p>The shares are redrawn until every client has at least {@code minExamples} examples, at most
 * {@code maxRedraws} times; draw {@code r} uses {@code seed.derive("partition/quantity", r)} and
 * the shuffle {@code seed.derive("partition/quantity-order")}. Cost: O(clients) per draw plus
 * O(N) once.
 */
public final class QuantitySkewPartitioner extends SchemePartitioner {

  /** @param options options with scheme {@code quantity} */
  public QuantitySkewPartitioner(PartitionOptions options) {
    super(options, PartitionScheme.QUANTITY);
  }

  @Override
  public Allocation allocate(long[] classCounts, SeedSequence seed) {
    long n = feasibleTotal(classCounts);
    int k = options.numClients();
    double[] q = new double[k];
    long[] sizes = new long[k];
    drawUntilLargeEnough(seed, n, sizes, PartitionOptions.QUANTITY_BETA.key(), options.quantityBeta(), rng -> {
      DirichletSampler.sampleSymmetric(rng, options.quantityBeta(), q);
      ClassGroups.countByWeights(n, q, 1.0, sizes, new long[k]);
    });
    return Allocation.ofCounts(k, false, new long[][] {sizes}, classCounts);
  }
}
