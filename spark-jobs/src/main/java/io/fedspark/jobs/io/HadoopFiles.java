package io.fedspark.jobs.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Atomic writes through the Hadoop FileSystem API, so results land the same way on file://, hdfs://
 * and s3a://: the bytes go to a hidden temporary name in the target directory, which is then renamed
 * to the final name. A crash leaves at most a {@code ._*.tmp} file, never a half-written result.
 */
public final class HadoopFiles {
  private final Configuration hadoopConf;

  public HadoopFiles(Configuration hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  /** The Hadoop configuration the file systems are opened with. */
  public Configuration configuration() {
    return hadoopConf;
  }

  public FileSystem fileSystem(Path p) {
    try {
      return p.getFileSystem(hadoopConf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + p + ": " + e.getMessage(), e);
    }
  }

  /** A body that writes the whole content to a stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code text} (UTF-8) to {@code target} atomically, replacing an existing file. */
  public void writeString(Path target, String text) {
    write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes to {@code target} atomically: temporary name in the same directory, then rename. */
  public void write(Path target, Content content) {
    FileSystem fs = fileSystem(target);
    Path tmp = new Path(target.getParent(), "._" + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      fs.mkdirs(target.getParent());
      try (FSDataOutputStream out = fs.create(tmp, false)) {
        content.writeTo(out);
      }
      if (fs.exists(target) && !fs.delete(target, false)) {
        throw new IOException("cannot replace existing " + target);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename " + tmp + " -> " + target + " failed");
      }
    } catch (IOException e) {
      try {
        fs.delete(tmp, false);
      } catch (IOException ignored) {
        // the original failure is the one to report
      }
      throw new UncheckedIOException("writing " + target + " failed: " + e.getMessage(), e);
    }
  }
}
