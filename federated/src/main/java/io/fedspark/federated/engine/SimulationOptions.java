package io.fedspark.federated.engine;

/**
 * The round loop's own options.
 *
 * @param rounds total rounds
 * @param evalEvery evaluate the global model every this many rounds (and after the last)
 * @param maxFailedFraction failure policy: failed clients are dropped and the rest renormalised
 *     (FedAvg weights re-sum over survivors) unless more than this fraction of the cohort failed,
 *     which fails the round
 * @param checkpointEvery hand a state to the listener for checkpointing every this many rounds
 */
public record SimulationOptions(int rounds, int evalEvery, double maxFailedFraction, int checkpointEvery) {
  public SimulationOptions {
    check(rounds >= 1, "federate.rounds", rounds, "an integer >= 1");
    check(evalEvery >= 1, "federate.eval-every", evalEvery, "an integer >= 1");
    check(maxFailedFraction >= 0 && maxFailedFraction <= 1, "federate.failure.max-fraction", maxFailedFraction, "a number in [0, 1]");
    check(checkpointEvery >= 1, "federate.checkpoint.every", checkpointEvery, "an integer >= 1");
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(key + " = " + value + ": expected " + expected);
    }
  }
}
