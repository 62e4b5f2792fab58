package io.fedspark.jobs.distill;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Images as an IDX file with unsigned bytes and 3 dimensions, the format of MNIST's
 * {@code train-images-idx3-ubyte} (magic {@code 0x00000803}, big-endian int32 count, rows and
 * columns, then one byte per pixel, row-major), readable by {@code IdxReader.readImages}. A pixel
 * {@code v} becomes {@code round(255 * clamp(v, 0, 1))}: the file is a quantised picture of the
 * distilled inputs (which may leave [0, 1]); the exact values are in {@code inputs.npy}.
 */
public final class IdxImageFile {
  /** The IDX magic number of 3-dimensional unsigned-byte data. */
  public static final int IMAGES_MAGIC = 0x00000803;

  private IdxImageFile() {}

  /** The byte of one pixel value. */
  public static int quantize(float v) {
    float c = Math.max(0f, Math.min(1f, Float.isNaN(v) ? 0f : v));
    return Math.round(255f * c);
  }

  /**
   * @param pixels {@code count * rows * cols} values
   */
  public static void write(float[] pixels, int count, int rows, int cols, OutputStream out) throws IOException {
    if (pixels.length != (long) count * rows * cols) {
      throw new IllegalArgumentException("idx images: " + pixels.length + " values for " + count + " x " + rows
          + " x " + cols);
    }
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(IMAGES_MAGIC);
    d.writeInt(count);
    d.writeInt(rows);
    d.writeInt(cols);
    byte[] bytes = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      bytes[i] = (byte) quantize(pixels[i]);
    }
    d.write(bytes);
    d.flush();
  }
}
