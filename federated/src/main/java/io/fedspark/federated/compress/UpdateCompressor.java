package io.fedspark.federated.compress;

/**
 * A lossy compression of one worker's update: from the vector {@code u} it would send, the vector
 * it sends instead ({@code sent}, zero at every coordinate it leaves out), chosen by a pure function
 * of {@code u} so that every run, retry and replica chooses the same. {@link ErrorFeedback} keeps
 * {@code u - sent} for the next update.
 */
public interface UpdateCompressor {
  /** Writes the compressed {@code u} into {@code sent} (same length; every coordinate written). */
  void compress(float[] u, float[] sent);

  /** The compressor of {@code options}, or null for {@link CompressionMethod#NONE}. */
  static UpdateCompressor of(CompressionOptions options) {
    return switch (options.method()) {
      case NONE -> null;
      case TOP_K -> new TopK(options.topKFraction());
      case THRESHOLD -> new ThresholdEncoding((float) options.thresholdTau());
    };
  }
}
