package io.fedspark.federated.partition;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

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

  /** {@code federate.partition.scheme}. */
  public static final Setting<PartitionScheme> SCHEME =
      Setting.choice("federate.partition.scheme", PartitionScheme.class, PartitionScheme.DIRICHLET);
  /** {@code federate.partition.clients}: the number of clients (the curriculum study's 100). */
  public static final Setting<Integer> CLIENTS = Setting.integer("federate.partition.clients", 100, 1);
  /** {@code federate.partition.beta}: the Dirichlet concentration (NIID-Bench's 0.5). */
  public static final Setting<Double> BETA = Setting.number("federate.partition.beta", 0.5, Bounds.above(0));
  /** {@code federate.partition.labels-per-client}: shards per client (McMahan et al. 2017's 2). */
  public static final Setting<Integer> LABELS_PER_CLIENT =
      Setting.integer("federate.partition.labels-per-client", 2, 1);
  /** {@code federate.partition.min-examples}: NIID-Bench's {@code min_require_size} 10. */
  public static final Setting<Integer> MIN_EXAMPLES = Setting.integer("federate.partition.min-examples", 10, 0);
  /** {@code federate.partition.max-redraws}: draws allowed to satisfy the minimum size. */
  public static final Setting<Integer> MAX_REDRAWS = Setting.integer("federate.partition.max-redraws", 1000, 1);
  /** {@code federate.partition.quantity-beta}: client-size concentration under quantity skew (NIID-Bench). */
  public static final Setting<Double> QUANTITY_BETA =
      Setting.number("federate.partition.quantity-beta", 0.5, Bounds.above(0));

  /** Validates every field; see the class comment for the message format. */
  public PartitionOptions {
    SCHEME.check(scheme);
    CLIENTS.check(numClients);
    BETA.check(beta);
    LABELS_PER_CLIENT.check(labelsPerClient);
    MIN_EXAMPLES.check(minExamples);
    MAX_REDRAWS.check(maxRedraws);
    QUANTITY_BETA.check(quantityBeta);
  }

  /** The options under {@code federate.partition} in {@code c}. */
  public static PartitionOptions from(ConfigView c) {
    return new PartitionOptions(c.get(SCHEME), c.get(CLIENTS), c.get(BETA), c.get(LABELS_PER_CLIENT),
        c.get(MIN_EXAMPLES), c.get(MAX_REDRAWS), c.get(QUANTITY_BETA));
  }

  /** The defaults of every key ({@code dirichlet} over 100 clients). */
  public PartitionOptions() {
    this(SCHEME.defaultValue(), CLIENTS.defaultValue());
  }

  /**
   * The given scheme and number of clients, every other key at its default.
   *
   * @param scheme the scheme
   * @param numClients the number of clients, at least 1
   */
  public PartitionOptions(PartitionScheme scheme, int numClients) {
    this(scheme, numClients, BETA.defaultValue(), LABELS_PER_CLIENT.defaultValue(), MIN_EXAMPLES.defaultValue(),
        MAX_REDRAWS.defaultValue(), QUANTITY_BETA.defaultValue());
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

}
