package io.fedspark.federated.engine;

import io.fedspark.federated.curriculum.ScoreKind;

/**
 * Where clients run. A backend holds the client shards and runs one round's cohort, or a scoring
 * pass over all clients; it decides nothing about which clients or how to aggregate. Backends must
 * give the same result for the same inputs (the engine tests this for the in-process and Spark
 * backends).
 */
public interface SimulationBackend extends AutoCloseable {
  /** Short name for logs and provenance, e.g. "in-process(2 threads)" or "spark(local[2])". */
  String name();

  /** Number of clients (ids 0..n-1). */
  int numClients();

  /** Number of training examples of every client, indexed by client id. */
  int[] clientSizes();

  /**
   * Trains the cohort of {@code task} from {@code global}.
   *
   * @param scoring the non-global scoring models of the data curriculum (expert, clients' last
   *     local models), or {@link ScoringParameters#NONE}
   * @return the reduced updates of the cohort
   */
  RoundAccumulator runRound(RoundTask task, float[] global, ScoringParameters scoring);

  /**
   * Mean score of every client's data under {@code params} (the client-level curriculum's c_k),
   * indexed by client id.
   */
  float[] scoreClients(String modelSpec, float[] params, ScoreKind kind);

  @Override
  void close();
}
