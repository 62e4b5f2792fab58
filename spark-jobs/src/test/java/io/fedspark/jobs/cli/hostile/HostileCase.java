package io.fedspark.jobs.cli.hostile;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One hostile-input case: what to run (built from the fixtures and the case's run directory, which
 * must not exist afterwards), the exit code it must end with and the words its one error line must
 * hold.
 */
record HostileCase(String name, int exit, BiFunction<HostileFixtures, Path, List<String>> args, List<String> says) {
  @Override
  public String toString() {
    return name;
  }

  static HostileCase c(String name, int exit, BiFunction<HostileFixtures, Path, List<String>> args, String... says) {
    return new HostileCase(name, exit, args, List.of(says));
  }
}
