package io.fedspark.federated.curriculum;

import io.fedspark.math.Choice;
/**
 * Under which model a curriculum scores examples (Vahidian et al., "When Do Curricula Work in
 * Federated Learning?", ICCV 2023):
 * <ul>
 *   <li>{@link #EXPERT}: a model trained centrally before the run (reference: 10 epochs, batch
 *       64); the job trains it and passes its parameters;</li>
 *   <li>{@link #GLOBAL}: the global model the client receives this round;</li>
 *   <li>{@link #LOCAL}: the client's own last local model (the initial global model for a
 *       client that has not trained yet);</li>
 *   <li>{@link #LOCAL_PLUS_GLOBAL}: {@code score_i = s_i(global) + s_i(local)}, the sum of the
 *       GLOBAL and LOCAL scores; {@code s_i(global)} alone for a client that has not trained yet,
 *       as in the reference.</li>
 * </ul>
 * The scorer ({@link ExampleScorer}) takes the model's parameter vectors and sums the scores over
 * them, so LOCAL_PLUS_GLOBAL is simply two vectors.
 */
public enum ScoringModel implements Choice {
  EXPERT,
  GLOBAL,
  LOCAL,
  LOCAL_PLUS_GLOBAL;

  /**
   * Number of parameter vectors whose scores are summed once the client has a local model: 2 for
   * LOCAL_PLUS_GLOBAL, else 1.
   */
  public int parameterSets() {
    return this == LOCAL_PLUS_GLOBAL ? 2 : 1;
  }
}
