package io.fedspark.federated.partition;

import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Natural partitioning by a group column, for data that comes with its own clients (the writer of
 * a handwritten character as in FEMNIST, the speaker, the device): one client per distinct group
 * value, clients numbered in ascending order of the value. Nothing is random, so the seed is not
 * used and the result is the same for every seed.
 *
 * <p>The number of clients is fixed by the data: {@code numClients} must equal the number of
 * distinct groups, and a group with fewer than {@code minExamples} examples is an error (there is
 * nothing to redraw). Cost: O(N log N) for sorting the group values.
 */
public final class NaturalPartitioner extends SchemePartitioner {
  private static final Logger LOG = LoggerFactory.getLogger(NaturalPartitioner.class);
  private final int[] groups;

  /**
   * @param options options with scheme {@code natural}
   * @param groups one group value per example (any int); not copied and not modified
   */
  public NaturalPartitioner(PartitionOptions options, int[] groups) {
    super(options, PartitionScheme.NATURAL);
    if (groups == null) {
      throw new IllegalArgumentException("natural partition: the group column is null");
    }
    this.groups = groups;
  }

  /** A natural partition follows the group column, not a plan: use {@link #partition}. */
  @Override
  public Allocation allocate(long[] classCounts, SeedSequence seed) {
    throw new UnsupportedOperationException("a natural partition follows the group (client) column, not class counts");
  }

  @Override
  public ClientPartition partition(int[] labels, int numClasses, SeedSequence seed) {
    ClassGroups.of(labels, numClasses);
    int n = labels.length;
    if (groups.length != n) {
      throw new IllegalArgumentException("natural partition: the group column has "
          + groups.length + " values but the dataset has " + n + " examples");
    }
    int[] sorted = groups.clone();
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[distinct++] = sorted[i];
      }
    }
    int[] values = Arrays.copyOf(sorted, distinct);
    if (distinct != options.numClients()) {
      throw new IllegalArgumentException(PartitionOptions.CLIENTS.key() + " = "
          + options.numClients() + " but the group column has " + distinct + " distinct values: "
          + "natural partitioning makes one client per group; set " + PartitionOptions.CLIENTS.key()
          + " = " + distinct);
    }
    int[] owner = new int[n];
    int[] sizes = new int[distinct];
    for (int i = 0; i < n; i++) {
      owner[i] = Arrays.binarySearch(values, groups[i]);
      sizes[owner[i]]++;
    }
    int smallest = ClassGroups.min(sizes);
    if (smallest < options.minExamples()) {
      int client = 0;
      while (sizes[client] != smallest) {
        client++;
      }
      int below = 0;
      for (int size : sizes) {
        below += size < options.minExamples() ? 1 : 0;
      }
      throw MinSizeRule.tooSmall(options, n, client, smallest, "It is group " + values[client]
          + "; " + below + " of " + distinct + " groups are below the minimum. Lower "
          + PartitionOptions.MIN_EXAMPLES.key() + " or drop the small groups from the data.");
    }
    LOG.info("natural partition: {} examples into {} groups of {}..{}", n, distinct, smallest,
        ClassGroups.max(sizes));
    return ClientPartition.ofAssignment(distinct, owner);
  }
}
