package io.fedspark.federated.partition;

import io.fedspark.math.random.Permutations;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;

/**
 * The {@code labeldir} partition of the curriculum study (Vahidian et al., "When Do Curricula
 * Work in Federated Learning?", ICCV 2023): each client {@code j} draws a label distribution
 * {@code q_j ~ Dirichlet(beta * C * p)} over the {@code C} classes, where {@code p} is the global
 * class distribution (about Dirichlet(beta) for balanced classes; the per-client prior of Hsu, Qi
 * and Brown 2019); then each class {@code c}'s shuffled examples are cut into consecutive runs,
 * client {@code j} getting the fraction {@code q_{j,c} / sum_i q_{i,c}}. The whole draw is
 * repeated until every client has at least {@code minExamples} examples, at most {@code
 * maxRedraws} times; draw {@code r} uses the stream {@code seed.derive("partition/labeldir", r)}.
 *
 * <p>Unlike NIID-Bench's scheme ({@link DirichletPartitioner}), the randomness is per client, so
 * client sizes stay close to {@code N / numClients} while their label mixes differ. A class absent
 * from the data gets concentration 0 and no examples. If every client's share of a class
 * underflows to 0 (only for concentrations far below 0.01), that class is split evenly.
 *
 * <p>Cost per draw: O(N + clients x classes).
 */
public final class LabelDirichletPartitioner extends SchemePartitioner {

  /** @param options options with scheme {@code labeldir} */
  public LabelDirichletPartitioner(PartitionOptions options) {
    super(options, PartitionScheme.LABELDIR);
  }

  @Override
  public Allocation allocate(long[] classCounts, SeedSequence seed) {
    int numClasses = classCounts.length;
    long n = feasibleTotal(classCounts);
    int k = options.numClients();
    double[] alpha = new double[numClasses];
    for (int c = 0; c < numClasses; c++) {
      alpha[c] = n == 0 ? 0 : (double) classCounts[c] / n * options.beta() * numClasses;
    }
    double[] q = new double[numClasses];
    double[] share = new double[Math.multiplyExact(k, numClasses)];
    double[] weights = new double[k];
    long[][] counts = new long[numClasses][k];
    long[] sizes = new long[k];
    drawUntilLargeEnough(seed, n, sizes, PartitionOptions.BETA.key(), options.beta(), rng -> {
      for (int j = 0; j < k; j++) {
        DirichletSampler.sample(rng, alpha, q);
        System.arraycopy(q, 0, share, j * numClasses, numClasses);
      }
      for (int c = 0; c < numClasses; c++) {
        java.util.Arrays.fill(counts[c], 0);
        if (classCounts[c] == 0) {
          continue;
        }
        double total = 0;
        for (int j = 0; j < k; j++) {
          weights[j] = share[j * numClasses + c];
          total += weights[j];
        }
        if (!(total > 0)) {
          java.util.Arrays.fill(weights, 1.0);
          total = k;
        }
        ClassGroups.countByWeights(classCounts[c], weights, total, counts[c], sizes);
      }
    });
    return Allocation.ofCounts(k, true, counts, classCounts);
  }
}
