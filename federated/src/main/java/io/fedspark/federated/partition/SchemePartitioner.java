package io.fedspark.federated.partition;

import java.util.Objects;

/**
 * The part every {@link Partitioner} of one {@link PartitionScheme} shares: the options it was
 * built from, checked to name its own scheme ({@code federate.partition.scheme}), and that scheme.
 * The schemes themselves (IID, Dirichlet after Li et al. 2022 "Federated Learning on Non-IID Data
 * Silos: An Experimental Study", label Dirichlet, shards after McMahan et al. 2017, quantity skew,
 * natural groups) are in the subclasses.
 */
abstract class SchemePartitioner implements Partitioner {

  /** The validated options, of this partitioner's scheme. */
  protected final PartitionOptions options;
  private final PartitionScheme scheme;

  /**
   * @param options options whose scheme is {@code scheme}
   * @param scheme the scheme the subclass implements
   * @throws IllegalArgumentException if the options name another scheme
   */
  protected SchemePartitioner(PartitionOptions options, PartitionScheme scheme) {
    Objects.requireNonNull(options, "options");
    MinSizeRule.checkScheme(options, scheme, getClass().getSimpleName());
    this.options = options;
    this.scheme = scheme;
  }

  @Override
  public final PartitionScheme scheme() {
    return scheme;
  }
}
