package io.fedspark.federated.partition;

import io.fedspark.math.Choice;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The closed set of partitioning schemes, each with the name used for it in configuration
 * ({@code federate.partition.scheme}). See the implementing classes for the sources:
 * {@link IidPartitioner}, {@link DirichletPartitioner} (NIID-Bench, Li et al. 2022), {@link
 * LabelDirichletPartitioner} (Vahidian et al. 2023), {@link ShardPartitioner} (McMahan et al.
 * 2017), {@link QuantitySkewPartitioner} (NIID-Bench) and {@link NaturalPartitioner}.
 */
public enum PartitionScheme implements Choice {
  /** A seeded shuffle cut into near-equal parts. */
  IID,
  /** NIID-Bench label skew: per class, a Dirichlet(beta) over clients. */
  DIRICHLET,
  /** The curriculum study's label skew: per client, a Dirichlet over classes. */
  LABELDIR,
  /** McMahan et al.'s label shards: k shards of label-sorted data per client. */
  SHARDS,
  /** Quantity skew: Dirichlet client sizes, IID contents. */
  QUANTITY,
  /** One client per distinct value of a group column. */
  NATURAL;
}
