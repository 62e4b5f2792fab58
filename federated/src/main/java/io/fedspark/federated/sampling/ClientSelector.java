package io.fedspark.federated.sampling;

import io.fedspark.math.random.SeedSequence;
import java.util.OptionalInt;

/**
 * Picks the cohort of a round: which clients train. Implementations draw their randomness only from
 * {@code seed.derive(purpose, round, ...)}, so the cohort of round r is a pure function of the run's
 * seed, r and the selector's state, independent of executors, threads and of which rounds were
 * computed before (a run resumed from a checkpoint picks the same cohorts).
 *
 * <p>Implementations: {@link UniformClientSelector} (uniform without replacement); the curriculum
 * client scheduler. A stateful selector exposes its state through {@link #state()} /
 * {@link #restore(long[])} as 64-bit integers (counters, client ids, bit patterns of doubles via
 * {@link Double#doubleToRawLongBits}), which the engine's checkpoint stores exactly.
 */
public interface ClientSelector {
  /** The configuration name, e.g. "uniform". */
  String name();

  /**
   * The cohort of a round.
   *
   * @param round the round number (1-based in the engine; must be >= 0)
   * @param seed the run's root seed sequence; the selector derives its own stream from it
   * @return distinct client ids in [0, numClients), sorted ascending; a new array on every call
   */
  int[] select(int round, SeedSequence seed);

  /**
   * The number of rounds this selector hands out, if it decides it (e.g. a scheduler that runs
   * until a participation budget is spent); empty when the configured {@code federate.rounds}
   * decide. A pure function of the selector's settings, known before the first round.
   */
  default OptionalInt plannedRounds() {
    return OptionalInt.empty();
  }

  /** Selector state for checkpoints (empty if stateless). */
  default long[] state() {
    return new long[0];
  }

  /** Restores {@link #state()}. */
  default void restore(long[] state) {
    if (state.length != 0) {
      throw new IllegalArgumentException(
          name() + " client selector is stateless but the checkpoint holds " + state.length + " state values");
    }
  }
}
