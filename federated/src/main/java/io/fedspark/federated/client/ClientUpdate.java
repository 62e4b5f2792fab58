package io.fedspark.federated.client;

import java.io.Serializable;

/**
 * What a client returns from one round: its locally trained parameters, the number of examples it
 * trained on (the aggregation weight), its mean training loss and the curriculum figures of the
 * round, or, if it failed, the error. A failed client is data, not an exception: the round records
 * it and goes on under the engine's failure policy.
 *
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
public record ClientUpdate(
    int clientId,
    float[] parameters,
    long numExamples,
    double trainLoss,
    int steps,
    double meanScore,
    double localScore,
    int pacedSize,
    String error) implements Serializable {

  /** A failed client's record. */
  public static ClientUpdate failed(int clientId, String error) {
    return new ClientUpdate(clientId, null, 0, Double.NaN, 0, Double.NaN, Double.NaN, 0, error);
  }

  public boolean succeeded() {
    return error == null;
  }
}
