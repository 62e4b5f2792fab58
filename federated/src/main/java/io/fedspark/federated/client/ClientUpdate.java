package io.fedspark.federated.client;

import java.io.Serializable;

/**
 * What a client returns from one round: its locally trained parameters, the number of examples it
 * trained on (the aggregation weight), its mean training loss and the curriculum figures of the
 * round, or, if it failed, the error. A failed client is data, not an exception: the round records
 * it and goes on under the engine's failure policy. A final class, not a record: updates travel in
 * task results, and Kryo 4 (Spark's) cannot serialise records in a session without fedspark's
 * registrator (the Spark ML estimators run in users' sessions).
 */
public final class ClientUpdate implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int clientId;
  private final float[] parameters;
  private final long numExamples;
  private final double trainLoss;
  private final int steps;
  private final double meanScore;
  private final double localScore;
  private final int pacedSize;
  private final String error;

  /**
   * @param clientId the client
   * @param parameters local parameters after training (null if failed)
   * @param numExamples examples in the client's data (weight in FedAvg), 0 if failed
   * @param trainLoss mean training loss over the local steps
   * @param steps local optimizer steps taken
   * @param meanScore mean curriculum score of the client's data under the scoring model (NaN if none)
   * @param localScore mean curriculum score of the client's data under the local model it just
   *     trained, for a client scheduler that scores clients under their local models (Vahidian et al.
   *     2023, L and LG client scoring); NaN if not asked for
   * @param pacedSize examples in the paced subset at the first local step (curriculum), or the data size
   * @param error why the client failed, or null
   */
  public ClientUpdate(int clientId, float[] parameters, long numExamples, double trainLoss, int steps, double meanScore,
      double localScore, int pacedSize, String error) {
    this.clientId = clientId;
    this.parameters = parameters;
    this.numExamples = numExamples;
    this.trainLoss = trainLoss;
    this.steps = steps;
    this.meanScore = meanScore;
    this.localScore = localScore;
    this.pacedSize = pacedSize;
    this.error = error;
  }

  public int clientId() {
    return clientId;
  }

  public float[] parameters() {
    return parameters;
  }

  public long numExamples() {
    return numExamples;
  }

  public double trainLoss() {
    return trainLoss;
  }

  public int steps() {
    return steps;
  }

  public double meanScore() {
    return meanScore;
  }

  public double localScore() {
    return localScore;
  }

  public int pacedSize() {
    return pacedSize;
  }

  public String error() {
    return error;
  }

  /** The words of every failure that is a divergence ({@link #diverged}). */
  public static final String DIVERGED = "local training diverged";

  /**
   * Whether this failed update is a divergence (a non-finite loss or parameter, or one beyond what
   * aggregation holds): a failure of the configuration, not of the client, which the engine names
   * when it fails a round.
   */
  public boolean diverged() {
    return error != null && error.contains(DIVERGED);
  }

  /** A failed client's record. */
  public static ClientUpdate failed(int clientId, String error) {
    return new ClientUpdate(clientId, null, 0, Double.NaN, 0, Double.NaN, Double.NaN, 0, error);
  }

  public boolean succeeded() {
    return error == null;
  }
}
