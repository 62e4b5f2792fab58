package io.fedspark.federated.partition;

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
public enum PartitionScheme {
  /** A seeded shuffle cut into near-equal parts. */
  IID("iid"),
  /** NIID-Bench label skew: per class, a Dirichlet(beta) over clients. */
  DIRICHLET("dirichlet"),
  /** The curriculum study's label skew: per client, a Dirichlet over classes. */
  LABELDIR("labeldir"),
  /** McMahan et al.'s label shards: k shards of label-sorted data per client. */
  SHARDS("shards"),
  /** Quantity skew: Dirichlet client sizes, IID contents. */
  QUANTITY("quantity"),
  /** One client per distinct value of a group column. */
  NATURAL("natural");

  private final String configName;

  PartitionScheme(String configName) {
    this.configName = configName;
  }

  /** @return the configuration name, e.g. {@code "labeldir"} */
  public String configName() {
    return configName;
  }

  /**
   * Looks a scheme up by its configuration name, ignoring case and surrounding blanks.
   *
   * @param name a configuration name such as {@code "dirichlet"}
   * @return the scheme
   * @throws IllegalArgumentException naming the key, the value and the allowed names
   */
  public static PartitionScheme fromConfigName(String name) {
    if (name != null) {
      String wanted = name.trim().toLowerCase(Locale.ROOT);
      for (PartitionScheme scheme : values()) {
        if (scheme.configName.equals(wanted)) {
          return scheme;
        }
      }
    }
    throw new IllegalArgumentException(
        PartitionOptions.KEY_SCHEME + " = " + (name == null ? "null" : "'" + name + "'")
            + ": expected one of " + allowedNames());
  }

  /** @return the configuration names separated by commas, in declaration order */
  public static String allowedNames() {
    return Arrays.stream(values()).map(PartitionScheme::configName)
        .collect(Collectors.joining(", "));
  }
}
