package io.fedspark.jobs.data;

/**
 * A table that cannot be trained on as it is: a bad row under {@code data.bad-rows = fail}, a file
 * Spark cannot read in the declared format, a corrupt IDX file. The message names the input, the
 * value and what was expected; the command line prints it on one line and exits with 2.
 */
public final class BadDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadDataException(String message) {
    super(message);
  }

  public BadDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
