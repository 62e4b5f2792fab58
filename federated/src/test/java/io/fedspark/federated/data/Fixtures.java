package io.fedspark.federated.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX and digits CSV files in memory for the tests. */
final class Fixtures {
  private Fixtures() {}

  /** An IDX file with the given magic number and dimension sizes followed by {@code payload}. */
  static byte[] idx(int magic, int[] dims, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    b.put(payload);
    return b.array();
  }

  /** A valid image file of {@code count} images of rows x cols pixels with deterministic values. */
  static byte[] images(int count, int rows, int cols) {
    return idx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, cols}, pixels(count * rows * cols));
  }

  /** Deterministic pixel bytes covering 0 and 255. */
  static byte[] pixels(int n) {
    byte[] p = new byte[n];
    for (int i = 0; i < n; i++) {
      p[i] = (byte) ((i * 37 + (i == 1 ? 255 : 0)) % 256);
    }
    if (n > 1) {
      p[0] = 0;
      p[1] = (byte) 255;
    }
    return p;
  }

  /** A valid label file. */
  static byte[] labels(int... labels) {
    byte[] payload = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      payload[i] = (byte) labels[i];
    }
    return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, payload);
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** One digits CSV line: 64 values derived from {@code seed} (all in 0..16) and the label. */
  static String digitsLine(int seed, int label) {
    StringBuilder line = new StringBuilder();
    for (int j = 0; j < 64; j++) {
      line.append((seed + j) % 17).append(',');
    }
    return line.append(label).toString();
  }
}
