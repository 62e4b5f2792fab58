package io.fedspark.federated.compress;

/**
 * Threshold encoding (Strom, 2015, "Scalable distributed DNN training using commodity GPU cloud
 * computing", Interspeech; DL4J's {@code EncodingHandler}): a coordinate with {@code |u_i| >= tau}
 * is sent as {@code sign(u_i) * tau}, every other one as 0. Every sent value has the same
 * magnitude, so a coordinate costs one int on the wire (its index with the sign in the top bit,
 * {@link SparseVectorCodec}); the rest of {@code u_i} stays in the worker's residual
 * ({@link ErrorFeedback}) and is sent once it has grown past tau again.
 */
public final class ThresholdEncoding implements UpdateCompressor {
  private final float tau;

  /** @param tau the threshold, > 0 and finite */
  public ThresholdEncoding(float tau) {
    if (!(tau > 0) || Float.isInfinite(tau)) {
      throw new IllegalArgumentException("threshold encoding: tau = " + tau + ", expected a finite number > 0");
    }
    this.tau = tau;
  }

  @Override
  public void compress(float[] u, float[] sent) {
    for (int i = 0; i < u.length; i++) {
      float v = u[i];
      sent[i] = v >= tau ? tau : v <= -tau ? -tau : 0f;
    }
  }

  @Override
  public String toString() {
    return "threshold(tau=" + tau + ")";
  }
}
