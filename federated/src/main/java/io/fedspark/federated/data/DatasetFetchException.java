package io.fedspark.federated.data;

import java.io.IOException;

/**
 * Obtaining a dataset package failed: a client program is missing, a command failed or timed out,
 * the package's SHA-256 differs from the pinned one, or the package lacks an expected file. When
 * this is thrown nothing has been installed in the cache.
 */
public final class DatasetFetchException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the complete, human-readable message
   */
  public DatasetFetchException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message the complete, human-readable message
   * @param cause the underlying exception
   */
  public DatasetFetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
