package io.fedspark.ml;

/**
 * A directory that is not a saved model this build can read (missing files, another class or
 * format version, a spec that does not match the parameters); the message names the file and what
 * was expected. The command line prints it on one line and exits with 2.
 */
public final class ModelDirectoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelDirectoryException(String message) {
    super(message);
  }
}
