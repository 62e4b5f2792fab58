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
public final class DirichletPartitioner implements Partitioner {
  private static final Logger LOG = LoggerFactory.getLogger(DirichletPartitioner.class);
  private final PartitionOptions options;

  /** @param options options with scheme {@code dirichlet} */
  public DirichletPartitioner(PartitionOptions options) {
    MinSizeRule.checkScheme(options, PartitionScheme.DIRICHLET, "DirichletPartitioner");
    this.options = options;
  }

  @Override
  public PartitionScheme scheme() {
    return PartitionScheme.DIRICHLET;
  }

  @Override
  public ClientPartition partition(int[] labels, int numClasses, SeedSequence seed) {
    ClassGroups groups = ClassGroups.of(labels, numClasses);
    int n = groups.numExamples;
    int k = options.numClients();
    MinSizeRule.checkFeasible(options, n);
    int[] work = new int[n];
    int[] owner = new int[n];
    int[] sizes = new int[k];
    double[] p = new double[k];
    double[] masked = new double[k];
    int bestSmallest = -1;
    for (int draw = 0; draw < options.maxRedraws(); draw++) {
      SplittableRandom rng = seed.derive("partition/dirichlet", draw).random();
      System.arraycopy(groups.members, 0, work, 0, n);
      Arrays.fill(sizes, 0);
      for (int c = 0; c < numClasses; c++) {
        int from = groups.start[c];
        int to = groups.start[c + 1];
        if (from == to) {
          continue;
        }
        Permutations.shuffle(work, from, to, rng);
        DirichletSampler.sampleSymmetric(rng, options.beta(), p);
        double total = 0;
        for (int j = 0; j < k; j++) {
          masked[j] = (long) sizes[j] * k < n ? p[j] : 0;
          total += masked[j];
        }
        if (total > 0) {
          ClassGroups.splitByWeights(work, from, to, masked, total, owner, sizes);
        } else {
          // Every client still below N/K drew a share that underflowed to 0: drop the mask.
          ClassGroups.splitByWeights(work, from, to, p, 1.0, owner, sizes);
        }
      }
      int smallest = ClassGroups.min(sizes);
      bestSmallest = Math.max(bestSmallest, smallest);
      if (smallest >= options.minExamples()) {
        LOG.info("dirichlet partition (beta {}): {} examples into {} clients of {}..{} after {} "
            + "draw(s)", options.beta(), n, k, smallest, ClassGroups.max(sizes), draw + 1);
        return ClientPartition.ofAssignment(k, owner);
      }
      MinSizeRule.progress(options, draw + 1, bestSmallest);
    }
    throw MinSizeRule.unsatisfied(options, n, PartitionOptions.BETA.key(), options.beta(),
        bestSmallest);
  }
}
