package io.fedspark.jobs.cli;

import io.fedspark.jobs.JobKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's table of commands, written at build time to {@code deploy/target/launch-table.tsv}
 * ({@code COMMAND<TAB>spark|jvm}): every job of {@link JobKind}, the grid runners and predict go
 * through spark-submit; export and the tools run in a plain JVM. The launcher reads it instead of keeping its own list.
 */
public final class LaunchTable {
  private LaunchTable() {}

  /** The table's lines. */
  static List<String> lines() {
    List<String> out = new ArrayList<>();
    for (JobKind k : JobKind.values()) {
      out.add(k.configName() + "\tspark");
    }
    for (String grid : List.of("experiment", "sweep", "predict")) {
      out.add(grid + "\tspark");
    }
    for (String tool : List.of("export", "bench", "data", "config", "version", "completion", "help")) {
      out.add(tool + "\tjvm");
    }
    return out;
  }

  /** Writes the table to {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    Path p = Path.of(args[0]);
    Files.createDirectories(p.toAbsolutePath().getParent());
    Files.write(p, lines(), StandardCharsets.UTF_8);
  }
}
