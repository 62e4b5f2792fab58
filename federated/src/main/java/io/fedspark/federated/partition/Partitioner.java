package io.fedspark.federated.partition;

import io.fedspark.math.Choice;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.random.SeedSequence;

/**
 * Splits the examples of a labelled dataset over a fixed number of clients. The result depends
 * only on the seed, the options the partitioner was built with and the labels: never on timing,
 * threads or a global random state. Implementations draw from {@code seed.derive("partition/" +
 * scheme, ...)}, so the run's root seed can be passed as it is.
 *
 * <p>One implementation per {@link PartitionScheme}; {@link #of(PartitionOptions)} picks it. The
 * schemes' sources are cited on the implementing classes (NIID-Bench, Li et al. 2022; Vahidian et
 * al. 2023; McMahan et al. 2017).
 */
public interface Partitioner {

  /** @return the scheme this partitioner implements */
  PartitionScheme scheme();

  /**
   * The plan of this scheme for examples with these class counts: which runs of the seeded rank
   * order go to which client. Needs no example, only the counts, so the driver can plan a table
   * it never reads.
   *
   * @param classCounts examples per class
   * @param seed the seed node to derive this partition's randomness from
   * @throws IllegalArgumentException when the minimum client size
   *     ({@code federate.partition.min-examples}) cannot be met, saying what to change
   */
  Allocation allocate(long[] classCounts, SeedSequence seed);

  /**
   * Partitions examples held in memory, example i having the key {@code RowKey.ofId(i)}: the
   * plan of their class counts, applied as the executors apply it to a table whose id is the row
   * number ({@link Allocation#assign}).
   *
   * @param labels one label per example, each in {@code [0, numClasses)}; not modified
   * @param numClasses the number of classes, at least 1
   * @param seed the seed node to derive this partition's randomness from
   * @return the partition: every example in exactly one client, each client's indices ascending
   * @throws IllegalArgumentException for an invalid label, or when the minimum client size cannot be met
   */
  default ClientPartition partition(int[] labels, int numClasses, SeedSequence seed) {
    ClassGroups groups = ClassGroups.of(labels, numClasses);
    long[] counts = new long[numClasses];
    for (int c = 0; c < numClasses; c++) {
      counts[c] = groups.count(c);
    }
    return allocate(counts, seed).assign(labels, Allocation.orderSalt(seed));
  }

  /**
   * Partitions a dataset's examples; same as {@code partition(data.labels(), data.numClasses(),
   * seed)}.
   *
   * @param data the dataset
   * @param seed the seed node
   * @return the partition
   */
  default ClientPartition partition(LabeledDataset data, SeedSequence seed) {
    return partition(data.labels(), data.numClasses(), seed);
  }

  /**
   * The partitioner of {@code options.scheme()}, for every scheme except {@code natural}, which
   * needs a group column: use {@link #of(PartitionOptions, int[])} for that.
   *
   * @param options validated options
   * @return the partitioner
   */
  static Partitioner of(PartitionOptions options) {
    return of(options, null);
  }

  /**
   * The partitioner of {@code options.scheme()}; {@code groups} is the group column that
   * {@code natural} partitions by, and is ignored by every other scheme.
   *
   * @param options validated options
   * @param groups one group value per example; required for {@code natural}, else may be null
   * @return the partitioner
   */
  static Partitioner of(PartitionOptions options, int[] groups) {
    return switch (options.scheme()) {
      case IID -> new IidPartitioner(options);
      case DIRICHLET -> new DirichletPartitioner(options);
      case LABELDIR -> new LabelDirichletPartitioner(options);
      case SHARDS -> new ShardPartitioner(options);
      case QUANTITY -> new QuantitySkewPartitioner(options);
      case NATURAL -> {
        if (groups == null) {
          throw new IllegalArgumentException(
              PartitionOptions.SCHEME.key() + " = 'natural': the dataset has no group column to "
                  + "partition by; choose another scheme (" + Choice.allowed(PartitionScheme.class)
                  + ")");
        }
        yield new NaturalPartitioner(options, groups);
      }
    };
  }
}
