package io.fedspark.federated.engine;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;

/**
 * The round loop's own options (keys under {@code federate.}).
 *
 * @param rounds total rounds
 * @param evalEvery evaluate the global model every this many rounds (and after the last)
 * @param maxFailedFraction failure policy: failed clients are dropped and the rest renormalised
 *     (FedAvg weights re-sum over survivors) unless more than this fraction of the cohort failed,
 *     which fails the round
 * @param checkpointEvery hand a state to the listener for checkpointing every this many rounds
 */
public record SimulationOptions(int rounds, int evalEvery, double maxFailedFraction, int checkpointEvery) {
  /** {@code federate.rounds}. */
  public static final Setting<Integer> ROUNDS = Setting.integer("federate.rounds", 20, 1);
  /** {@code federate.eval-every}. */
  public static final Setting<Integer> EVAL_EVERY = Setting.integer("federate.eval-every", 1, 1);
  /** {@code federate.failure.max-fraction}. */
  public static final Setting<Double> MAX_FAILED_FRACTION =
      Setting.number("federate.failure.max-fraction", 0.5, Bounds.closed(0, 1));
  /** {@code federate.checkpoint.every}. */
  public static final Setting<Integer> CHECKPOINT_EVERY = Setting.integer("federate.checkpoint.every", 1, 1);

  public SimulationOptions {
    ROUNDS.check(rounds);
    EVAL_EVERY.check(evalEvery);
    MAX_FAILED_FRACTION.check(maxFailedFraction);
    CHECKPOINT_EVERY.check(checkpointEvery);
  }

  /** The options in {@code c}. */
  public static SimulationOptions from(ConfigView c) {
    return new SimulationOptions(c.get(ROUNDS), c.get(EVAL_EVERY), c.get(MAX_FAILED_FRACTION), c.get(CHECKPOINT_EVERY));
  }
}
