package io.fedspark.federated.compress;

/**
 * Error feedback (error compensation) around an {@link UpdateCompressor}: the worker adds the
 * residual it kept to its new update, {@code u = update + residual}, sends {@code C(u)} and keeps
 * {@code residual = u - C(u)} for the next one, so nothing of an update is dropped, only delayed
 * (Stich, Cordonnier and Jaggi, 2018, "Sparsified SGD with Memory", NeurIPS, Algorithm 1; Lin et
 * al., 2018, "Deep Gradient Compression", ICLR, section 3.1; Strom, 2015, for threshold encoding).
 * The residual is the worker's own state: in fedspark, the data partition's
 * ({@link io.fedspark.federated.train.PartitionMemory}), carried across synchronisations, epochs
 * and checkpoints.
 */
public final class ErrorFeedback {
  private ErrorFeedback() {}

  /**
   * Compresses {@code update} with the residual: returns what is sent and turns {@code residual}
   * (same length, updated in place) into what is kept.
   */
  public static float[] apply(UpdateCompressor compressor, float[] update, float[] residual) {
    if (update.length != residual.length) {
      throw new IllegalArgumentException("error feedback: the update has " + update.length
          + " coordinates but the residual " + residual.length);
    }
    for (int i = 0; i < update.length; i++) {
      residual[i] += update[i];
    }
    float[] sent = new float[update.length];
    compressor.compress(residual, sent);
    for (int i = 0; i < update.length; i++) {
      residual[i] -= sent[i];
    }
    return sent;
  }
}
