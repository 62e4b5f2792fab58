package io.fedspark.federated.train;

import io.fedspark.math.Choice;

/** How the partitions of data-parallel training cooperate ({@code train.mode}). */
public enum TrainMode implements Choice {
  /**
   * Local SGD (Stich, 2019, "Local SGD Converges Fast and Communicates Little", ICLR): each
   * partition takes {@code train.local-steps} minibatch steps from the common state, then
   * parameters and optimizer state are averaged, weighted by the partitions' example counts.
   */
  LOCAL_SGD,
  /**
   * Synchronous SGD: every step averages the partitions' gradients of one global batch (each
   * weighted by its share of the batch), and one optimizer steps on the mean.
   */
  SYNC_GRADIENT
}
