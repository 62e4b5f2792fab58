package io.fedspark.federated.engine;

import io.fedspark.federated.aggregate.WeightedParameterSum;
import io.fedspark.federated.client.ClientUpdate;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reduces a round's client updates wherever they were computed (Spark ML's add/merge accumulator
 * shape): the exact, order-independent example-weighted parameter sum of the successful clients,
 * and each client's update record (with parameters only when the strategy needs them). The result
 * is the same for any grouping or order of {@link #add} and {@link #merge}.
 */
public final class RoundAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;

  private WeightedParameterSum sum;
  private ArrayList<ClientUpdate> updates = new ArrayList<>();
  private boolean keepParameters;

  /** Kryo only. */
  @SuppressWarnings("unused")
  private RoundAccumulator() {}

  public RoundAccumulator(boolean keepParameters) {
    this.keepParameters = keepParameters;
  }

  /** Adds one client's update (succeeded or failed). Returns this. */
  public RoundAccumulator add(ClientUpdate u) {
    if (u.succeeded()) {
      if (sum == null) {
        sum = WeightedParameterSum.zeros(u.parameters().length);
      }
      sum.add(u.parameters(), u.numExamples());
    }
    updates.add(keepParameters || !u.succeeded() ? u : withoutParameters(u));
    return this;
  }

  /** Merges another accumulator into this one. Returns this. */
  public RoundAccumulator merge(RoundAccumulator o) {
    if (o.sum != null) {
      if (sum == null) {
        sum = WeightedParameterSum.zeros(o.sum.dimension());
      }
      sum.merge(o.sum);
    }
    updates.addAll(o.updates);
    return this;
  }

  /** The weighted parameter sum of successful clients, or null if none succeeded. */
  public WeightedParameterSum parameterSum() {
    return sum;
  }

  /** Every client's update record, sorted by client id. */
  public List<ClientUpdate> updates() {
    List<ClientUpdate> l = new ArrayList<>(updates);
    l.sort(Comparator.comparingInt(ClientUpdate::clientId));
    return l;
  }

  private static ClientUpdate withoutParameters(ClientUpdate u) {
    return new ClientUpdate(u.clientId(), null, u.numExamples(), u.trainLoss(), u.steps(), u.meanScore(),
        u.localScore(), u.pacedSize(), null);
  }
}
