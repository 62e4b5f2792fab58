package io.fedspark.jobs.experiment;

import io.fedspark.federated.config.InvalidConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A grid file as read from disk: an experiment ({@link ExperimentSpec}) or a sweep (its jobs
 * being experiments' grids), in HOCON or JSON, UTF-8.
 *
 * @param text the file's text
 * @param source the path as given, for messages
 * @param defaultName the grid's name when the file gives none: the file name without {@code .conf}
 *     or {@code .json}
 */
public record GridFile(String text, String source, String defaultName) {

  /**
   * Reads {@code file}.
   *
   * @param kind {@code "experiment"} or {@code "sweep"}, for messages
   * @param expected what to say when no file was given, e.g. {@code "expected a sweep file
   *     (SWEEP.conf); see docs/sweeps.md"}
   * @throws InvalidConfigException if no file was given or it does not exist
   */
  public static GridFile read(Path file, String kind, String expected) {
    if (file == null) {
      throw new InvalidConfigException(kind + ": " + expected);
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidConfigException(kind + " file " + file + ": no such file");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + kind + " file " + file + ": " + e.getMessage(), e);
    }
    return new GridFile(text, file.toString(), file.getFileName().toString().replaceFirst("\\.(conf|json)$", ""));
  }
}
