package io.fedspark.jobs.io;

import io.fedspark.jobs.cli.UserInputException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The bytes of a checkpoint to resume from. A missing, empty (0-byte) or damaged file (one that no
 * longer matches the checksum Hadoop's local file system keeps beside it) is the user's to fix and
 * named as such; only a failure to read an existing file is an I/O error. Decoding (magic,
 * length, CRC) is the codec's.
 */
public final class CheckpointFile {
  private CheckpointFile() {}

  /**
   * @param what "checkpoint", "training checkpoint": for messages
   */
  public static byte[] read(HadoopFiles files, Path p, String what) {
    FileSystem fs = files.fileSystem(p);
    FileStatus st;
    try {
      st = fs.getFileStatus(p);
    } catch (FileNotFoundException e) {
      throw new UserInputException("--resume: no " + what + " at " + p + " (is " + p.getParent().getParent()
          + " the directory of a train or federate run that wrote one?)");
    } catch (IOException e) {
      throw new UncheckedIOException("--resume: cannot inspect " + p + ": " + e.getMessage(), e);
    }
    if (st.isDirectory()) {
      throw new UserInputException("--resume: " + p + " is a directory, expected a " + what + " file");
    }
    if (st.getLen() == 0) {
      throw new UserInputException("--resume: the " + what + " " + p + " is empty (0 bytes: damaged after it was"
          + " written, e.g. by a full disk); the run cannot continue from it");
    }
    try (InputStream in = fs.open(p)) {
      return in.readAllBytes();
    } catch (org.apache.hadoop.fs.ChecksumException e) {
      throw new UserInputException("--resume: the " + what + " " + p + " is corrupt (it does not match the checksum"
          + " the file system wrote with it); the run cannot continue from it");
    } catch (IOException e) {
      throw new UncheckedIOException("--resume: cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
