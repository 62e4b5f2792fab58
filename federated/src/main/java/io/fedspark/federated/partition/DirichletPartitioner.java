package io.fedspark.federated.partition;

import io.fedspark.math.random.Permutations;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Label-skewed partition as NIID-Bench makes it ({@code noniid-labeldir}; Li, Diao, Chen and He,
 * "Federated Learning on Non-IID Data Silos: An Experimental Study", ICDE 2022): for each class
 * {@code c}, shuffle its examples, draw {@code p_c ~ Dirichlet(beta, ..., beta)} over the
 * clients, and cut the class into consecutive runs in proportion to {@code p_c}. Smaller
 * {@code beta} means each class goes to fewer clients.
 *
 * <p>Like NIID-Bench, a client that already holds at least {@code N / numClients} examples gets no
 * share of the following classes (its {@code p_{c,j}} is zeroed and the rest renormalised), which
 * keeps sizes from running away; and the whole draw is repeated until every client has at least
 * {@code minExamples} examples, at most {@code maxRedraws} times. Draw {@code r} uses the stream
 * {@code seed.derive("partition/dirichlet", r)}, so it does not depend on earlier draws.
 *
 * <p>Cost per draw: O(N + classes x clients).
 */
public final class DirichletPartitioner extends SchemePartitioner {
  private static final Logger LOG = LoggerFactory.getLogger(DirichletPartitioner.class);

  /** @param options options with scheme {@code dirichlet} */
  public DirichletPartitioner(PartitionOptions options) {
    super(options, PartitionScheme.DIRICHLET);
  }

  @Override
  public Allocation allocate(long[] classCounts, SeedSequence seed) {
    int numClasses = classCounts.length;
    long n = ClassGroups.total(classCounts);
    int k = options.numClients();
    MinSizeRule.checkFeasible(options, n);
    long[][] counts = new long[numClasses][k];
    long[] sizes = new long[k];
    double[] p = new double[k];
    double[] masked = new double[k];
    long bestSmallest = -1;
    for (int draw = 0; draw < options.maxRedraws(); draw++) {
      SplittableRandom rng = seed.derive("partition/dirichlet", draw).random();
      java.util.Arrays.fill(sizes, 0);
      for (int c = 0; c < numClasses; c++) {
        java.util.Arrays.fill(counts[c], 0);
        if (classCounts[c] == 0) {
          continue;
        }
        DirichletSampler.sampleSymmetric(rng, options.beta(), p);
        double total = 0;
        for (int j = 0; j < k; j++) {
          masked[j] = sizes[j] * k < n ? p[j] : 0;
          total += masked[j];
        }
        if (total > 0) {
          ClassGroups.countByWeights(classCounts[c], masked, total, counts[c], sizes);
        } else {
          // Every client still below N/K drew a share that underflowed to 0: drop the mask.
          ClassGroups.countByWeights(classCounts[c], p, 1.0, counts[c], sizes);
        }
      }
      long smallest = ClassGroups.min(sizes);
      bestSmallest = Math.max(bestSmallest, smallest);
      if (smallest >= options.minExamples()) {
        LOG.info("dirichlet partition (beta {}): {} examples into {} clients of {}..{} after {} draw(s)",
            options.beta(), n, k, smallest, ClassGroups.max(sizes), draw + 1);
        return Allocation.ofCounts(k, true, counts, classCounts);
      }
      MinSizeRule.progress(options, draw + 1, bestSmallest);
    }
    throw MinSizeRule.unsatisfied(options, n, PartitionOptions.BETA.key(), options.beta(), bestSmallest);
  }
}
