package io.fedspark.federated.engine;

import java.util.List;
import java.util.Map;

/**
 * Everything a federated run needs to continue after round {@code completedRounds} exactly as if it
 * had not stopped: global parameters, the strategy's server state, the client selector's state,
 * the clients' last local models (only kept for LOCAL curriculum scoring) and the metrics so far.
 * No random-number state is needed: every random choice derives from (seed, purpose, round, client).
 *
 * @param completedRounds rounds done
 * @param fingerprint identifies the configuration the state belongs to (resume refuses another)
 * @param global global parameters after {@code completedRounds}
 * @param strategyState {@code Strategy.state()}
 * @param selectorState the client selector's state
 * @param localModels last local parameters by client id (empty unless LOCAL scoring is used)
 * @param history metrics of the completed rounds
 */
public record SimulationState(
    int completedRounds,
    String fingerprint,
    float[] global,
    float[][] strategyState,
    long[] selectorState,
    Map<Integer, float[]> localModels,
    List<RoundMetrics> history) {

  public SimulationState {
    localModels = Map.copyOf(localModels);
    history = List.copyOf(history);
  }
}
