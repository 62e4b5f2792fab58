package io.fedspark.jobs.cli;

/** A command line that cannot be run as given; printed to the user without a stack trace. */
public final class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }
}
