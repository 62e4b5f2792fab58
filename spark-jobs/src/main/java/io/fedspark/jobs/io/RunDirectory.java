package io.fedspark.jobs.io;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.config.RunOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output directory of one run. Chosen and checked before any work starts: an existing
 * non-empty directory is refused unless {@code run.overwrite} is set, so a run never mixes its
 * results with another's. Files are written into it atomically through {@link HadoopFiles}.
 */
public final class RunDirectory {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path path;
  private final HadoopFiles files;

  private RunDirectory(Path path, HadoopFiles files) {
    this.path = path;
    this.files = files;
  }

  /** Resolves and checks (but does not create) the run directory for {@code command}. */
  public static RunDirectory prepare(RunOptions run, String command, HadoopFiles files) {
    Path p;
    if (!run.dir().isBlank()) {
      p = new Path(run.dir());
    } else {
      p = new Path(run.root(), command + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP));
    }
    FileSystem fs = files.fileSystem(p);
    try {
      p = fs.makeQualified(p);
      if (fs.exists(p)) {
        FileStatus st = fs.getFileStatus(p);
        if (!st.isDirectory()) {
          throw InvalidConfigException.of("run.dir", p.toString(), "a directory, but it is a file", null);
        }
        if (fs.listStatus(p).length > 0 && !run.overwrite()) {
          throw InvalidConfigException.of(
              "run.dir", p.toString(), "a new or empty directory (set run.overwrite=true to reuse it)", null);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect run directory " + p + ": " + e.getMessage(), e);
    }
    return new RunDirectory(p, files);
  }

  public Path path() {
    return path;
  }

  public Path resolve(String name) {
    return new Path(path, name);
  }

  /** Writes a text file of this run atomically. */
  public void writeString(String name, String text) {
    files.writeString(resolve(name), text);
  }

  /** Whether the run directory holds {@code name}. */
  public boolean exists(String name) {
    Path p = resolve(name);
    try {
      return files.fileSystem(p).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect " + p + ": " + e.getMessage(), e);
    }
  }

  public HadoopFiles files() {
    return files;
  }

  /** The directory's own name (the last path element), which identifies the run in stacked metrics. */
  public String name() {
    return path().getName();
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
