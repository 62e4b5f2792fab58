package io.fedspark.jobs.io;

import io.fedspark.jobs.cli.UserInputException;
import io.fedspark.jobs.config.JobConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The configuration a resumable run was made with, recorded next to its checkpoint
 * ({@value #FILE}: every key, resolved, as compact JSON) when the first checkpoint is written, so
 * that {@code --resume DIR} alone continues the run as it was started (the original file and
 * {@code --set}s are not needed) and a resume that changes a setting of the result can name it.
 */
public final class RunConfiguration {
  /** Where, in the run directory. */
  public static final String FILE = "checkpoint/configuration.json";

  private RunConfiguration() {}

  /** Records {@code cfg} in {@code dir} unless it is there already (atomically). */
  public static void writeOnce(RunDirectory dir, JobConfig cfg) {
    Path p = dir.resolve(FILE);
    try {
      if (!dir.files().fileSystem(p).exists(p)) {
        dir.files().writeString(p, cfg.toJson());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * The recorded configuration of the run directory {@code runDir}, or empty for a run made before
   * it was recorded.
   *
   * @throws UserInputException when {@code runDir} is no directory
   */
  public static Optional<String> read(String runDir, Configuration hadoop) {
    Path dir = new Path(runDir);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      FileStatus st;
      try {
        st = fs.getFileStatus(dir);
      } catch (java.io.FileNotFoundException e) {
        throw new UserInputException("--resume " + runDir + ": no such directory");
      }
      if (!st.isDirectory()) {
        throw new UserInputException("--resume " + runDir + ": is a file, expected a run directory");
      }
      Path p = new Path(dir, FILE);
      if (!fs.exists(p)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(p)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (org.apache.hadoop.fs.ChecksumException e) {
        throw new UserInputException("--resume " + runDir + ": the recorded configuration " + p + " is corrupt (it"
            + " does not match its checksum)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("--resume " + runDir + ": cannot read it: " + e.getMessage(), e);
    }
  }
}
