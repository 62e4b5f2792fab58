package io.fedspark.federated.partition;

import io.fedspark.math.random.Permutations;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;

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

  /** @param options options with scheme {@code dirichlet} */
  public DirichletPartitioner(PartitionOptions options) {
    super(options, PartitionScheme.DIRICHLET);
  }

  @Override
  public Allocation allocate(long[] classCounts, SeedSequence seed) {
    int numClasses = classCounts.length;
    long n = feasibleTotal(classCounts);
    int k = options.numClients();
    long[][] counts = new long[numClasses][k];
    long[] sizes = new long[k];
    double[] p = new double[k];
    double[] masked = new double[k];
    drawUntilLargeEnough(seed, n, sizes, PartitionOptions.BETA.key(), options.beta(), rng -> {
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
    });
    return Allocation.ofCounts(k, true, counts, classCounts);
  }
}
