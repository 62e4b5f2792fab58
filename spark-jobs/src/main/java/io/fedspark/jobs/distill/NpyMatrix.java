package io.fedspark.jobs.distill;

import io.fedspark.math.FloatMatrix;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A float matrix as a NumPy {@code .npy} file, format version 1.0 (the targets {@code Y_s} and the
 * exact inputs {@code X_s} of a distilled set; {@code numpy.load} reads it):
 * <pre>
 *   bytes 0-5   magic \x93NUMPY
 *   bytes 6-7   version 1, 0
 *   bytes 8-9   header length H, uint16 little-endian
 *   H bytes     ASCII dict {'descr': '&lt;f4', 'fortran_order': False, 'shape': (ROWS, COLS), }
 *               padded with spaces and ended by '\n' so that 10 + H is a multiple of 64
 *   then        ROWS * COLS float32 little-endian, row-major
 * </pre>
 * docs/distillation.md documents the same.
 */
public final class NpyMatrix {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern SHAPE = Pattern.compile(
      "\\{'descr': '<f4', 'fortran_order': False, 'shape': \\((\\d+), (\\d+)\\), \\}\\s*");

  private NpyMatrix() {}

  /** Writes {@code m} (its visible rows and columns). */
  public static void write(FloatMatrix m, OutputStream out) throws IOException {
    String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }",
        m.nrow(), m.ncol());
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
    head.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    out.write(head.array());
    out.write(header.getBytes(StandardCharsets.US_ASCII));
    ByteBuffer body = ByteBuffer.allocate(4 * m.ncol()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < m.nrow(); i++) {
      body.clear();
      for (int j = 0; j < m.ncol(); j++) {
        body.putFloat(m.get(i, j));
      }
      out.write(body.array());
    }
  }

  /** Reads a file written by {@link #write} (a 2-D little-endian float32 C-order array). */
  public static FloatMatrix read(InputStream in, String source) throws IOException {
    DataInputStream d = new DataInputStream(in);
    byte[] head = new byte[10];
    d.readFully(head);
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        throw new IOException(source + ": not a .npy file (bad magic)");
      }
    }
    if (head[6] != 1 || head[7] != 0) {
      throw new IOException(source + ": .npy version " + head[6] + "." + head[7] + ", expected 1.0");
    }
    int h = ByteBuffer.wrap(head, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
    byte[] header = new byte[h];
    d.readFully(header);
    Matcher match = SHAPE.matcher(new String(header, StandardCharsets.US_ASCII));
    if (!match.matches()) {
      throw new IOException(source + ": expected a 2-D '<f4' C-order array, header "
          + new String(header, StandardCharsets.US_ASCII).trim());
    }
    int rows = Integer.parseInt(match.group(1));
    int cols = Integer.parseInt(match.group(2));
    byte[] body = new byte[Math.multiplyExact(4, Math.multiplyExact(rows, cols))];
    d.readFully(body);
    if (d.read() != -1) {
      throw new IOException(source + ": bytes after the " + rows + " x " + cols + " array");
    }
    FloatMatrix m = new FloatMatrix(rows, cols);
    ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(m.data(), 0, rows * cols);
    return m;
  }
}
