package io.fedspark.federated.engine;

/** Receives each finished round (progress output, metrics files, checkpoints). */
public interface RoundListener {
  /**
   * @param metrics the round's metrics
   * @param state the state after the round, or null when this round is not a checkpoint round
   */
  void onRound(RoundMetrics metrics, SimulationState state);
}
