package io.fedspark.jobs.federate;

import java.io.Serializable;

/** The client-level curriculum scores of one partition's clients. */
public final class ClientScores implements Serializable {
  private static final long serialVersionUID = 1L;

  int[] clientIds;
  float[] scores;

  @SuppressWarnings("unused")
  private ClientScores() {}

  ClientScores(int[] clientIds, float[] scores) {
    this.clientIds = clientIds;
    this.scores = scores;
  }
}
