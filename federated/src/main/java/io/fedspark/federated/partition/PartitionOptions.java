package io.fedspark.federated.partition;

/**
 * Options of a partition, the keys under {@code federate.partition.}: which scheme, how many
 * clients, and the scheme's parameters. The compact constructor rejects a bad value before any
 * work starts, naming the key, the value and what was expected, e.g.
 * {@code "federate.partition.clients = 0: expected an integer >= 1"}.
 *
 * <p>Defaults follow the references: Dirichlet concentration 0.5 and a minimum of 10 examples per
 * client, redrawn as often as needed (NIID-Bench, Li et al. 2022, "Federated Learning on Non-IID
 * Data Silos: An Experimental Study"; also the {@code labeldir} scheme of Vahidian et al. 2023),
 * and 2 label shards per client (McMahan et al. 2017's pathological non-IID split).
 *
 * @param scheme the partitioning scheme ({@code federate.partition.scheme})
 * @param numClients the number of clients, at least 1 ({@code federate.partition.clients}); for
 *     {@link PartitionScheme#NATURAL} it must equal the number of distinct groups
 * @param beta the Dirichlet concentration of {@code dirichlet} and {@code labeldir}, > 0; smaller
 *     is more skewed ({@code federate.partition.beta})
 * @param labelsPerClient the number of shards, hence labels, per client of {@code shards}, at
 *     least 1 ({@code federate.partition.labels-per-client})
 * @param minExamples the fewest examples any client may get, at least 0
 *     ({@code federate.partition.min-examples})
 * @param maxRedraws how many draws a randomised scheme may make to satisfy {@code minExamples},
 *     at least 1 ({@code federate.partition.max-redraws})
 * @param quantityBeta the Dirichlet concentration of client sizes under {@code quantity}, > 0
 *     ({@code federate.partition.quantity-beta})
 */
public record PartitionOptions(
    PartitionScheme scheme,
    int numClients,
    double beta,
    int labelsPerClient,
    int minExamples,
    int maxRedraws,
    double quantityBeta) {

  /** Configuration key of {@link #scheme()}. */
  public static final String KEY_SCHEME = "federate.partition.scheme";
  /** Configuration key of {@link #numClients()}. */
  public static final String KEY_CLIENTS = "federate.partition.clients";
  /** Configuration key of {@link #beta()}. */
  public static final String KEY_BETA = "federate.partition.beta";
  /** Configuration key of {@link #labelsPerClient()}. */
  public static final String KEY_LABELS_PER_CLIENT = "federate.partition.labels-per-client";
  /** Configuration key of {@link #minExamples()}. */
  public static final String KEY_MIN_EXAMPLES = "federate.partition.min-examples";
  /** Configuration key of {@link #maxRedraws()}. */
  public static final String KEY_MAX_REDRAWS = "federate.partition.max-redraws";
  /** Configuration key of {@link #quantityBeta()}. */
  public static final String KEY_QUANTITY_BETA = "federate.partition.quantity-beta";

  /** Default scheme. */
  public static final PartitionScheme DEFAULT_SCHEME = PartitionScheme.IID;
  /** Default number of clients (the curriculum study's reference experiments). */
  public static final int DEFAULT_CLIENTS = 100;
  /** Default Dirichlet concentration (NIID-Bench). */
  public static final double DEFAULT_BETA = 0.5;
  /** Default number of shards per client (McMahan et al. 2017). */
  public static final int DEFAULT_LABELS_PER_CLIENT = 2;
  /** Default minimum client size (NIID-Bench's {@code min_require_size}). */
  public static final int DEFAULT_MIN_EXAMPLES = 10;
  /** Default number of draws allowed to satisfy the minimum size. */
  public static final int DEFAULT_MAX_REDRAWS = 1000;
  /** Default Dirichlet concentration of client sizes under quantity skew (NIID-Bench). */
  public static final double DEFAULT_QUANTITY_BETA = 0.5;

  /** Validates every field; see the class comment for the message format. */
  public PartitionOptions {
    if (scheme == null) {
      throw new IllegalArgumentException(
          KEY_SCHEME + " = null: expected one of " + PartitionScheme.allowedNames());
    }
    check(numClients >= 1, KEY_CLIENTS, numClients, "an integer >= 1");
    check(beta > 0 && Double.isFinite(beta), KEY_BETA, beta, "a finite number > 0");
    check(labelsPerClient >= 1, KEY_LABELS_PER_CLIENT, labelsPerClient, "an integer >= 1");
    check(minExamples >= 0, KEY_MIN_EXAMPLES, minExamples, "an integer >= 0");
    check(maxRedraws >= 1, KEY_MAX_REDRAWS, maxRedraws, "an integer >= 1");
    check(quantityBeta > 0 && Double.isFinite(quantityBeta), KEY_QUANTITY_BETA, quantityBeta,
        "a finite number > 0");
  }

  /** The defaults: {@code iid} over 100 clients, and the default of every other key. */
  public PartitionOptions() {
    this(DEFAULT_SCHEME, DEFAULT_CLIENTS);
  }

  /**
   * The given scheme and number of clients, every other key at its default.
   *
   * @param scheme the scheme
   * @param numClients the number of clients, at least 1
   */
  public PartitionOptions(PartitionScheme scheme, int numClients) {
    this(scheme, numClients, DEFAULT_BETA, DEFAULT_LABELS_PER_CLIENT, DEFAULT_MIN_EXAMPLES,
        DEFAULT_MAX_REDRAWS, DEFAULT_QUANTITY_BETA);
  }

  /** @return these options with another scheme */
  public PartitionOptions withScheme(PartitionScheme newScheme) {
    return new PartitionOptions(newScheme, numClients, beta, labelsPerClient, minExamples,
        maxRedraws, quantityBeta);
  }

  /** @return these options with another number of clients */
  public PartitionOptions withNumClients(int newNumClients) {
    return new PartitionOptions(scheme, newNumClients, beta, labelsPerClient, minExamples,
        maxRedraws, quantityBeta);
  }

  /** @return these options with another Dirichlet concentration */
  public PartitionOptions withBeta(double newBeta) {
    return new PartitionOptions(scheme, numClients, newBeta, labelsPerClient, minExamples,
        maxRedraws, quantityBeta);
  }

  /** @return these options with another number of shards per client */
  public PartitionOptions withLabelsPerClient(int newLabelsPerClient) {
    return new PartitionOptions(scheme, numClients, beta, newLabelsPerClient, minExamples,
        maxRedraws, quantityBeta);
  }

  /** @return these options with another minimum client size */
  public PartitionOptions withMinExamples(int newMinExamples) {
    return new PartitionOptions(scheme, numClients, beta, labelsPerClient, newMinExamples,
        maxRedraws, quantityBeta);
  }

  /** @return these options with another redraw budget */
  public PartitionOptions withMaxRedraws(int newMaxRedraws) {
    return new PartitionOptions(scheme, numClients, beta, labelsPerClient, minExamples,
        newMaxRedraws, quantityBeta);
  }

  /** @return these options with another quantity-skew concentration */
  public PartitionOptions withQuantityBeta(double newQuantityBeta) {
    return new PartitionOptions(scheme, numClients, beta, labelsPerClient, minExamples,
        maxRedraws, newQuantityBeta);
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(key + " = " + value + ": expected " + expected);
    }
  }
}
