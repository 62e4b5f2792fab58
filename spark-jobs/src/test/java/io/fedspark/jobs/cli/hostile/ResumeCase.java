package io.fedspark.jobs.cli.hostile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A rejected-resume case: which stopped run to copy ({@code train} or federate), what to do to the
 * copy first, the arguments (from the fixtures and the copy), the exit code and the words of the
 * one error line. The copy must be byte-identical afterwards.
 */
record ResumeCase(String name, int exit, BiFunction<HostileFixtures, Path, List<String>> args, boolean train,
    Damage damage, List<String> says) {
  @Override
  public String toString() {
    return name;
  }

  /** What a resume case does to its copy of a run directory first. */
  @FunctionalInterface
  interface Damage {
    void apply(Path runDir) throws IOException;
  }
}
