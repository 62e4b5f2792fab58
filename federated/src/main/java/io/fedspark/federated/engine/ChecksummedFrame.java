package io.fedspark.federated.engine;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The envelope of fedspark's checkpoint files: an 8-byte ASCII magic naming the format and its
 * version, the payload length (int), the payload, and the CRC32 of the payload (long), all
 * big-endian. Reading checks all three before the payload is parsed, so a truncated, foreign or
 * corrupted file is reported with its source and never half-restored.
 */
public final class ChecksummedFrame {
  private ChecksummedFrame() {}

  /** Frames {@code payload} under the 8-character {@code magic}. */
  public static byte[] wrap(String magic, byte[] payload) {
    byte[] m = magicBytes(magic);
    CRC32 crc = new CRC32();
    crc.update(payload);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 20);
      DataOutputStream o = new DataOutputStream(out);
      o.write(m);
      o.writeInt(payload.length);
      o.write(payload);
      o.writeLong(crc.getValue());
      o.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a framed payload, checking magic, length and CRC32. */
  public static byte[] unwrap(String magic, InputStream in, String source) throws IOException {
    byte[] m = magicBytes(magic);
    DataInputStream d = new DataInputStream(in);
    try {
      byte[] got = new byte[m.length];
      d.readFully(got);
      if (!Arrays.equals(got, m)) {
        throw new IOException(source + ": not a fedspark " + magic + " file (bad magic; expected " + magic + ")");
      }
      int len = d.readInt();
      if (len < 0 || len > (1 << 30)) {
        throw new IOException(source + ": corrupt checkpoint (payload length " + len + ")");
      }
      byte[] payload = new byte[len];
      d.readFully(payload);
      long expected = d.readLong();
      CRC32 crc = new CRC32();
      crc.update(payload);
      if (crc.getValue() != expected) {
        throw new IOException(source + ": corrupt checkpoint (CRC32 " + Long.toHexString(crc.getValue())
            + " but the file says " + Long.toHexString(expected) + ")");
      }
      return payload;
    } catch (EOFException e) {
      throw new IOException(source + ": checkpoint is truncated", e);
    }
  }

  /** Writes a float array as its length and raw IEEE bits. */
  public static void writeFloats(DataOutputStream d, float[] a) throws IOException {
    d.writeInt(a.length);
    for (float v : a) {
      d.writeInt(Float.floatToRawIntBits(v));
    }
  }

  /** Reads an array written by {@link #writeFloats}. */
  public static float[] readFloats(DataInputStream d) throws IOException {
    int n = d.readInt();
    if (n < 0) {
      throw new IOException("negative array length " + n);
    }
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = Float.intBitsToFloat(d.readInt());
    }
    return a;
  }

  private static byte[] magicBytes(String magic) {
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    if (m.length != 8) {
      throw new IllegalArgumentException("magic must be 8 ASCII characters: " + magic);
    }
    return m;
  }
}
