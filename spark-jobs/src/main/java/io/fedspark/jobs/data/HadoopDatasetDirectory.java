package io.fedspark.jobs.data;

import io.fedspark.federated.data.DatasetDirectory;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A dataset directory on any Hadoop file system (file://, hdfs://, s3a://), read with the same
 * readers as local files. Every stream read to its end contributes the file's sha256 to
 * {@link #checksums()}, so provenance records what was actually read without a second pass.
 */
public final class HadoopDatasetDirectory implements DatasetDirectory {
  private final FileSystem fs;
  private final Path dir;
  private final Map<String, String> checksums = new TreeMap<>();

  public HadoopDatasetDirectory(FileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = fs.makeQualified(dir);
  }

  @Override
  public boolean exists(String fileName) throws IOException {
    Path p = new Path(dir, fileName);
    return fs.exists(p) && fs.getFileStatus(p).isFile();
  }

  @Override
  public InputStream open(String fileName) throws IOException {
    Path p = new Path(dir, fileName);
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    InputStream raw = fs.open(p, 1 << 20);
    return new FilterInputStream(raw) {
      private boolean ended;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          end();
        } else {
          md.update((byte) b);
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
          end();
        } else {
          md.update(buf, off, n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        // Skipped bytes must still be digested.
        byte[] tmp = new byte[8192];
        long done = 0;
        while (done < n) {
          int r = read(tmp, 0, (int) Math.min(tmp.length, n - done));
          if (r < 0) {
            break;
          }
          done += r;
        }
        return done;
      }

      @Override
      public boolean markSupported() {
        return false;
      }

      private void end() {
        if (!ended) {
          ended = true;
          synchronized (checksums) {
            checksums.put(p.toString(), HexFormat.of().formatHex(md.digest()));
          }
        }
      }
    };
  }

  @Override
  public String describe(String fileName) {
    return fileName.isEmpty() ? dir.toString() : new Path(dir, fileName).toString();
  }

  /** sha256 of every file read to its end, keyed by full path. */
  public Map<String, String> checksums() {
    synchronized (checksums) {
      return Map.copyOf(checksums);
    }
  }
}
