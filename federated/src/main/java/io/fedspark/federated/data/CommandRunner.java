package io.fedspark.federated.data;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs an external program to completion. {@link DatasetFetcher} obtains packages through it, so
 * tests can replace the real package clients ({@link ProcessCommandRunner}) with a fake.
 */
@FunctionalInterface
public interface CommandRunner {

  /**
   * Runs a command and waits for it, killing it after {@code timeout}.
   *
   * @param command the program and its arguments
   * @param workingDirectory the directory to run it in
   * @param timeout how long it may run
   * @return what it did; a non-zero exit status is a result, not an exception
   * @throws IOException if the program cannot be started at all
   */
  CommandResult run(List<String> command, Path workingDirectory, Duration timeout)
      throws IOException;

  /**
   * Tells whether a program can be run.
   *
   * @param program a program name as it would be looked up on the {@code PATH}
   * @return whether it is installed; this default assumes it is
   */
  default boolean isInstalled(String program) {
    return true;
  }
}
