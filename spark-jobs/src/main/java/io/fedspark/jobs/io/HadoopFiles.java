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
 * to the final name. A failed write (including the local file system's {@code FSError} on a full
 * disk) removes its temporary file; a killed JVM leaves at most a {@code ._*.tmp} file, never a
 * half-written result, and {@link #removeOrphans} clears those when a run is resumed.
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

  /**
   * Checks that the file or directory {@code path}, given as the value of {@code key}, exists and can
   * be read, with one message for each way it cannot: not found, permission denied (on it or on the
   * directory above that hides it: a local file system reports those as missing), an unknown host,
   * a refused connection (these two name the path; an unknown host is the configuration's error, a
   * refused connection the cluster's).
   *
   * @param expected what the key must name, e.g. "an existing file or directory"
   */
  public void requireExisting(String key, String path, String expected) {
    Path p = new Path(path);
    FileSystem fs;
    try {
      fs = fileSystem(p);
    } catch (RuntimeException e) {
      throw unreachable(key, path, e);
    }
    try {
      if (fs.exists(p)) {
        fs.getFileStatus(p); // a permission-checking file system refuses here
        return;
      }
      Path hidden = unreadableAncestor(fs, p);
      if (hidden != null) {
        throw io.fedspark.federated.config.InvalidConfigException.of(key, path, expected
            + " (permission denied: " + hidden + " cannot be read)", null);
      }
      throw io.fedspark.federated.config.InvalidConfigException.of(key, path, expected + " (not found)", null);
    } catch (org.apache.hadoop.security.AccessControlException e) {
      throw io.fedspark.federated.config.InvalidConfigException.of(key, path, expected + " (permission denied: "
          + firstLine(e.getMessage()) + ")", null);
    } catch (IOException | IllegalArgumentException e) {
      throw unreachable(key, path, e);
    }
  }

  /** The nearest existing ancestor of {@code p} if it cannot be listed, else null. */
  private static Path unreadableAncestor(FileSystem fs, Path p) {
    for (Path a = p.getParent(); a != null; a = a.getParent()) {
      try {
        if (!fs.exists(a)) {
          continue;
        }
        fs.access(a, org.apache.hadoop.fs.permission.FsAction.READ_EXECUTE);
        return null;
      } catch (org.apache.hadoop.security.AccessControlException e) {
        return a;
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  private static RuntimeException unreachable(String key, String path, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.net.UnknownHostException) {
        return io.fedspark.federated.config.InvalidConfigException.of(key, path, "a path on a host that exists (unknown"
            + " host " + t.getMessage() + ")", null);
      }
    }
    return new UncheckedIOException(key + " = '" + path + "': cannot reach it: " + firstLine(String.valueOf(e.getMessage())),
        e instanceof IOException io ? io : new IOException(e));
  }

  private static String firstLine(String m) {
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Whether {@code name} is a temporary file of {@link #write}. */
  public static boolean isTemporary(String name) {
    return name.startsWith("._") && name.endsWith(".tmp");
  }

  /**
   * Deletes the temporary files a killed or failed run left under {@code dir} (recursively);
   * returns how many.
   */
  public int removeOrphans(Path dir) {
    FileSystem fs = fileSystem(dir);
    int removed = 0;
    try {
      if (!fs.exists(dir)) {
        return 0;
      }
      var it = fs.listFiles(dir, true);
      java.util.List<Path> orphans = new java.util.ArrayList<>();
      while (it.hasNext()) {
        Path p = it.next().getPath();
        if (isTemporary(p.getName())) {
          orphans.add(p);
        }
      }
      for (Path p : orphans) {
        if (fs.delete(p, false)) {
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear temporary files under " + dir + ": " + e.getMessage(), e);
    }
    return removed;
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
      deleteQuietly(fs, tmp);
      throw new UncheckedIOException("writing " + target + " failed: " + e.getMessage(), e);
    } catch (org.apache.hadoop.fs.FSError e) {
      // the local file system's "No space left on device" (and its other write failures) is an Error
      deleteQuietly(fs, tmp);
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new UncheckedIOException("writing " + target + " failed: " + cause.getMessage(), new IOException(cause));
    } catch (RuntimeException e) {
      deleteQuietly(fs, tmp);
      throw e;
    }
  }

  private static void deleteQuietly(FileSystem fs, Path tmp) {
    try {
      fs.delete(tmp, false);
    } catch (IOException | RuntimeException ignored) {
      // the original failure is the one to report
    }
  }
}
