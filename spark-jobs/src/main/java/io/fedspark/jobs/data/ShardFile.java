package io.fedspark.jobs.data;

import io.fedspark.federated.client.ClientShard;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Shards in a file, one after the other, each: {@code FSSH}, version 1, id, rows, columns, classes, whether weights
 * follow, then the features (float32), labels (int32) and weights (float32), little-endian, and the
 * CRC-32 of that shard's bytes. A truncated or corrupted file fails naming the file.
 */
final class ShardFile {
  private static final int MAGIC = 0x48535346; // "FSSH" read as a little-endian int
  private static final int VERSION = 1;

  private ShardFile() {}

  static void write(ClientShard s, OutputStream out) throws IOException {
    int rows = s.size();
    int cols = s.featureCount();
    float[] w = s.weights();
    ByteBuffer head = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
    head.putInt(MAGIC).putInt(VERSION).putInt(s.clientId()).putInt(rows).putInt(cols).putInt(s.numClasses())
        .putInt(w == null ? 0 : 1);
    ByteBuffer body = ByteBuffer.allocate(Math.multiplyExact(4, rows * cols + rows + (w == null ? 0 : rows)))
        .order(ByteOrder.LITTLE_ENDIAN);
    body.asFloatBuffer().put(s.features());
    body.position(4 * rows * cols);
    body.slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(s.labels());
    if (w != null) {
      body.position(4 * (rows * cols + rows));
      body.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(w);
    }
    CRC32 crc = new CRC32();
    crc.update(head.array());
    crc.update(body.array());
    DataOutputStream d = new DataOutputStream(out);
    d.write(head.array());
    d.write(body.array());
    d.writeLong(crc.getValue());
    d.flush();
  }

  /** The next shard of {@code in}, or null at its end. */
  static ClientShard readNext(InputStream in, String name) throws IOException {
    DataInputStream d = new DataInputStream(in);
    try {
      byte[] h = new byte[28];
      int first = d.read();
      if (first < 0) {
        return null;
      }
      h[0] = (byte) first;
      d.readFully(h, 1, h.length - 1);
      ByteBuffer head = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
      if (head.getInt() != MAGIC || head.getInt() != VERSION) {
        throw new IOException(name + ": not a fedspark shard file (version " + VERSION + ")");
      }
      int id = head.getInt();
      int rows = head.getInt();
      int cols = head.getInt();
      int classes = head.getInt();
      boolean weighted = head.getInt() == 1;
      byte[] b = new byte[Math.multiplyExact(4, rows * cols + rows + (weighted ? rows : 0))];
      d.readFully(b);
      CRC32 crc = new CRC32();
      crc.update(h);
      crc.update(b);
      if (d.readLong() != crc.getValue()) {
        throw new IOException(name + ": checksum mismatch (the file is corrupted)");
      }
      ByteBuffer body = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      float[] x = new float[rows * cols];
      body.asFloatBuffer().get(x);
      body.position(4 * rows * cols);
      int[] y = new int[rows];
      body.slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(y);
      float[] w = null;
      if (weighted) {
        w = new float[rows];
        body.position(4 * (rows * cols + rows));
        body.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(w);
      }
      return new ClientShard(id, rows, cols, classes, x, y, w);
    } catch (EOFException e) {
      throw new IOException(name + ": truncated", e);
    }
  }
}
