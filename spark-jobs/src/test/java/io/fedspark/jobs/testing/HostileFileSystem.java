package io.fedspark.jobs.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under the scheme {@code hostile://}, with two faults a test cannot make
 * with real permissions or disks (the tests run as root, on a disk with room): a path with a
 * {@code denied} element cannot be inspected or read (as HDFS says it: {@link AccessControlException}),
 * and a file created under a {@code full} element fails its write the way Hadoop's local file
 * system reports a full disk, with an {@link FSError} ("No space left on device") after its first
 * bytes. Registered per Hadoop configuration: {@link #register}.
 */
public final class HostileFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "hostile";

  /** Makes {@code hostile://} resolve to this class in {@code conf}. */
  public static void register(Configuration conf) {
    conf.set("fs." + SCHEME + ".impl", HostileFileSystem.class.getName());
    conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
  }

  /** {@code hostile://} + the local path. */
  public static String uri(java.nio.file.Path local) {
    return SCHEME + "://" + local.toAbsolutePath();
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  private static boolean has(Path p, String element) {
    for (Path q = p; q != null && !q.isRoot(); q = q.getParent()) {
      if (q.getName().equals(element)) {
        return true;
      }
    }
    return false;
  }

  private static void checkAccess(Path p) throws AccessControlException {
    if (has(p, "denied")) {
      throw new AccessControlException("Permission denied: user=fedspark, access=READ_EXECUTE, inode=\""
          + p.toUri().getPath() + "\"");
    }
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    checkAccess(f);
    return super.getFileStatus(f);
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    checkAccess(f);
    return super.listStatus(f);
  }

  @Override
  public org.apache.hadoop.fs.FSDataInputStream open(Path f, int bufferSize) throws IOException {
    checkAccess(f);
    return super.open(f, bufferSize);
  }

  @Override
  public boolean exists(Path f) throws IOException {
    return super.exists(f) && getFileStatus(f) != null;
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    return full(f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    return full(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  private static FSDataOutputStream full(Path f, FSDataOutputStream out) throws IOException {
    if (!has(f, "full")) {
      return out;
    }
    return new FSDataOutputStream(new OutputStream() {
      private long written;

      @Override
      public void write(int b) throws IOException {
        if (++written > 16) {
          throw diskFull();
        }
        out.write(b);
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    }, null);
  }

  private static FSError diskFull() {
    try {
      Constructor<FSError> c = FSError.class.getDeclaredConstructor(Throwable.class);
      c.setAccessible(true);
      return c.newInstance(new IOException("No space left on device"));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
