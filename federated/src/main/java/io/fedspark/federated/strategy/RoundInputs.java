package io.fedspark.federated.strategy;

import io.fedspark.federated.client.ClientUpdate;
import java.util.ArrayList;
import java.util.List;

/**
 * The checked numeric inputs of one aggregation: the weighted mean, or the successful clients'
 * parameter vectors, each verified to have the global model's length so that a mismatch fails
 * with a message naming the strategy, the round and (for individual updates) the client.
 */
final class RoundInputs {
  private RoundInputs() {}

  /** The round's weighted mean, after checking its length against the global model. */
  static float[] mean(String strategy, float[] global, RoundUpdates updates) {
    float[] mean = updates.weightedMean();
    if (mean.length != global.length) {
      throw new IllegalArgumentException(
          strategy + ": global model has " + global.length + " parameters but the round " + updates.round()
              + " mean has " + mean.length);
    }
    return mean;
  }

  /**
   * The successful clients' parameters in client-id order (failed entries, if any slipped in, are
   * skipped), each checked against the global model's length.
   */
  static float[][] clientParameters(String strategy, float[] global, RoundUpdates updates) {
    List<float[]> out = new ArrayList<>(updates.updates().size());
    for (ClientUpdate u : updates.updates()) {
      if (!u.succeeded() || u.parameters() == null) {
        continue;
      }
      if (u.parameters().length != global.length) {
        throw new IllegalArgumentException(
            strategy + ": global model has " + global.length + " parameters but client " + u.clientId()
                + " returned " + u.parameters().length + " in round " + updates.round());
      }
      out.add(u.parameters());
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          strategy + " needs every client's parameters but round " + updates.round()
              + " holds no individual updates (" + updates.clients()
              + " successful clients; did the engine honour needsIndividualUpdates()?)");
    }
    return out.toArray(new float[0][]);
  }

  /** Checks a state array count and returns the arrays; null arrays or unequal lengths are refused. */
  static float[][] checkedState(String strategy, float[][] state, int expectedArrays, String what) {
    if (state.length != expectedArrays) {
      throw new IllegalArgumentException(
          strategy + ": checkpoint holds " + state.length + " state arrays, expected 0 (no round yet) or "
              + expectedArrays + " (" + what + ")");
    }
    for (int i = 0; i < state.length; i++) {
      if (state[i] == null || state[i].length != state[0].length) {
        throw new IllegalArgumentException(
            strategy + ": checkpoint state array " + i + " has length "
                + (state[i] == null ? "null" : String.valueOf(state[i].length)) + ", expected "
                + state[0].length + " (" + what + " have one entry per parameter)");
      }
    }
    float[][] copy = new float[state.length][];
    for (int i = 0; i < state.length; i++) {
      copy[i] = state[i].clone();
    }
    return copy;
  }

  /** Checks that restored server state matches the global model it is applied to. */
  static void checkStateLength(String strategy, float[] global, int stateLength) {
    if (stateLength != global.length) {
      throw new IllegalArgumentException(
          strategy + ": server state has " + stateLength + " parameters but the global model has " + global.length
              + " (checkpoint from a different model?)");
    }
  }
}
