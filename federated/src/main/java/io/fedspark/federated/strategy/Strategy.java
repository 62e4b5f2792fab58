package io.fedspark.federated.strategy;

import io.fedspark.federated.client.LocalTrainingOptions;

/**
 * A server policy: turns the current global parameters and a round's client updates into the next
 * global parameters, keeping whatever server state it needs (momentum, adaptive moments). Cohort
 * selection is not here: that is the client selector's job (uniform sampling or the curriculum
 * scheduler). Implementations must be deterministic functions of their inputs and state.
 */
public interface Strategy {
  /** The configuration name, e.g. "fedavg". */
  String name();

  /** Whether {@link RoundUpdates#updates()} must hold every client's parameters (median, trimmed mean). */
  default boolean needsIndividualUpdates() {
    return false;
  }

  /**
   * How the cohort trains this round (Flower's {@code configure_fit}): the local training
   * options every client of round {@code round} receives, derived from the configured ones. The
   * default hands them on unchanged; FedProx adds its proximal term. A client never asks which
   * strategy it serves.
   */
  default LocalTrainingOptions configureFit(int round, LocalTrainingOptions configured) {
    return configured;
  }

  /**
   * The next global parameters.
   *
   * @param global current global parameters (not modified)
   * @param updates the round's successful updates
   */
  float[] aggregate(float[] global, RoundUpdates updates);

  /** Server state for checkpoints (empty array if stateless). */
  default float[][] state() {
    return new float[0][];
  }

  /** Restores {@link #state()}. */
  default void restore(float[][] state) {
    if (state.length != 0) {
      throw new IllegalArgumentException(name() + " is stateless but the checkpoint holds " + state.length + " state arrays");
    }
  }
}
