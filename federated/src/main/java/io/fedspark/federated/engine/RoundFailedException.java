package io.fedspark.federated.engine;

/** A round whose failed clients exceed the failure policy's threshold. */
public final class RoundFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RoundFailedException(String message) {
    super(message);
  }
}
