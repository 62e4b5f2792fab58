package io.fedspark.federated.partition;

import io.fedspark.math.random.Permutations;
import io.fedspark.math.random.SeedSequence;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(QuantitySkewPartitioner.class);

  /** @param options options with scheme {@code quantity} */
  public QuantitySkewPartitioner(PartitionOptions options) {
    super(options, PartitionScheme.QUANTITY);
  }

  @Override
  public Allocation allocate(long[] classCounts, SeedSequence seed) {
    long n = ClassGroups.total(classCounts);
    int k = options.numClients();
    MinSizeRule.checkFeasible(options, n);
    double[] q = new double[k];
    long[] sizes = new long[k];
    long bestSmallest = -1;
    for (int draw = 0; draw < options.maxRedraws(); draw++) {
      SplittableRandom rng = seed.derive("partition/quantity", draw).random();
      DirichletSampler.sampleSymmetric(rng, options.quantityBeta(), q);
      java.util.Arrays.fill(sizes, 0);
      ClassGroups.countByWeights(n, q, 1.0, sizes, new long[k]);
      long smallest = ClassGroups.min(sizes);
      bestSmallest = Math.max(bestSmallest, smallest);
      if (smallest >= options.minExamples()) {
        LOG.info("quantity partition (beta {}): {} examples into {} clients of {}..{} after {} draw(s)",
            options.quantityBeta(), n, k, smallest, ClassGroups.max(sizes), draw + 1);
        return Allocation.ofCounts(k, false, new long[][] {sizes}, classCounts);
      }
      MinSizeRule.progress(options, draw + 1, bestSmallest);
    }
    throw MinSizeRule.unsatisfied(options, n, PartitionOptions.QUANTITY_BETA.key(), options.quantityBeta(),
        bestSmallest);
  }

  /**
   * Client sizes from shares by NIID-Bench's rule: cut {@code j} at {@code floor(n * cumsum_j)},
   * the last client taking the rest. Returns the smallest size.
   */
  private static int sizes(double[] q, int n, int[] sizes) {
    double cumulative = 0;
    int cut = 0;
    int smallest = Integer.MAX_VALUE;
    for (int j = 0; j < q.length; j++) {
      int next;
      if (j == q.length - 1) {
        next = n;
      } else {
        cumulative += q[j];
        next = (int) Math.min(n, Math.max(cut, Math.floor(n * cumulative)));
      }
      sizes[j] = next - cut;
      smallest = Math.min(smallest, sizes[j]);
      cut = next;
    }
    return smallest;
  }
}
