package io.fedspark.federated.partition;

import io.fedspark.math.random.Permutations;
import io.fedspark.math.random.SeedSequence;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IID baseline: a seeded shuffle of all examples cut into {@code numClients} near-equal parts
 * (the first {@code N mod K} clients get one example more), as NIID-Bench's {@code homo} split does
 * (Li et al. 2022, "Federated Learning on Non-IID Data Silos: An Experimental Study"). Every
 * client's label distribution is then close to the global one.
 *
 * <p>The client sizes do not depend on the draw, so the minimum size holds exactly when
 * {@code numClients * minExamples <= N}.
 */
public final class IidPartitioner extends SchemePartitioner {
  private static final Logger LOG = LoggerFactory.getLogger(IidPartitioner.class);

  /** @param options options with scheme {@code iid} */
  public IidPartitioner(PartitionOptions options) {
    super(options, PartitionScheme.IID);
  }

  @Override
  public Allocation allocate(long[] classCounts, SeedSequence seed) {
    long n = feasibleTotal(classCounts);
    int k = options.numClients();
    long[] counts = new long[k];
    long base = n / k;
    long extra = n % k;
    for (int j = 0; j < k; j++) {
      counts[j] = base + (j < extra ? 1 : 0);
    }
    LOG.info("iid partition: {} examples into {} clients of {}..{}", n, k, base, base + (extra > 0 ? 1 : 0));
    return Allocation.ofCounts(k, false, new long[][] {counts}, classCounts);
  }
}
