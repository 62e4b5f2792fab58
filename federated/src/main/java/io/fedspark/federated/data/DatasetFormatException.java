package io.fedspark.federated.data;

import java.io.IOException;

/**
 * A dataset file whose content does not match its format: wrong magic number, impossible
 * dimensions, a truncated or overlong payload, an unparsable field, a label out of range, or a
 * corrupt gzip stream. The message names the source, where in it the problem is (record, line,
 * field, byte offset) and what was expected.
 */
public final class DatasetFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the complete, human-readable message, starting with the source name
   */
  public DatasetFormatException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the lower-level cause (for example a {@link
   * java.util.zip.ZipException}).
   *
   * @param message the complete, human-readable message, starting with the source name
   * @param cause the underlying exception
   */
  public DatasetFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
