package io.fedspark.federated.engine;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Binary checkpoint of a {@link SimulationState}. Layout (big-endian, java.io.DataOutput):
 * magic "FSCKPT01", then the payload length (int), the payload, and the CRC32 of the payload
 * (long). Payload: completedRounds, fingerprint (UTF), global (int n + n floats), strategy state
 * (int count, each array), selector state (int n + n longs), local models (int count, each: client
 * id + array), history (int count, each a CSV line as UTF). A truncated or corrupted file fails
 * with the source name and what was wrong, never with a half-restored state.
 */
public final class CheckpointCodec {
  private static final byte[] MAGIC = "FSCKPT01".getBytes(StandardCharsets.US_ASCII);

  private CheckpointCodec() {}

  public static void write(SimulationState s, OutputStream out) throws IOException {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(payload);
    d.writeInt(s.completedRounds());
    d.writeUTF(s.fingerprint());
    writeFloats(d, s.global());
    d.writeInt(s.strategyState().length);
    for (float[] a : s.strategyState()) {
      writeFloats(d, a);
    }
    d.writeInt(s.selectorState().length);
    for (long v : s.selectorState()) {
      d.writeLong(v);
    }
    TreeMap<Integer, float[]> local = new TreeMap<>(s.localModels());
    d.writeInt(local.size());
    for (Map.Entry<Integer, float[]> e : local.entrySet()) {
      d.writeInt(e.getKey());
      writeFloats(d, e.getValue());
    }
    d.writeInt(s.history().size());
    for (RoundMetrics m : s.history()) {
      byte[] line = m.toCsv().getBytes(StandardCharsets.UTF_8);
      d.writeInt(line.length);
      d.write(line);
    }
    d.flush();
    byte[] bytes = payload.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(bytes);
    DataOutputStream o = new DataOutputStream(out);
    o.write(MAGIC);
    o.writeInt(bytes.length);
    o.write(bytes);
    o.writeLong(crc.getValue());
    o.flush();
  }

  public static byte[] toBytes(SimulationState s) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      write(s, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  public static SimulationState read(InputStream in, String source) throws IOException {
    DataInputStream d = new DataInputStream(in);
    byte[] magic = new byte[MAGIC.length];
    try {
      d.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IOException(source + ": not a fedspark checkpoint (bad magic; expected FSCKPT01)");
      }
      int len = d.readInt();
      if (len < 0 || len > (1 << 30)) {
        throw new IOException(source + ": corrupt checkpoint (payload length " + len + ")");
      }
      byte[] bytes = new byte[len];
      d.readFully(bytes);
      long expected = d.readLong();
      CRC32 crc = new CRC32();
      crc.update(bytes);
      if (crc.getValue() != expected) {
        throw new IOException(source + ": corrupt checkpoint (CRC32 " + Long.toHexString(crc.getValue())
            + " but the file says " + Long.toHexString(expected) + ")");
      }
      return decode(new DataInputStream(new java.io.ByteArrayInputStream(bytes)));
    } catch (EOFException e) {
      throw new IOException(source + ": checkpoint is truncated", e);
    }
  }

  private static SimulationState decode(DataInputStream d) throws IOException {
    int rounds = d.readInt();
    String fingerprint = d.readUTF();
    float[] global = readFloats(d);
    float[][] strategy = new float[d.readInt()][];
    for (int i = 0; i < strategy.length; i++) {
      strategy[i] = readFloats(d);
    }
    long[] selector = new long[d.readInt()];
    for (int i = 0; i < selector.length; i++) {
      selector[i] = d.readLong();
    }
    int nLocal = d.readInt();
    Map<Integer, float[]> local = new TreeMap<>();
    for (int i = 0; i < nLocal; i++) {
      int id = d.readInt();
      local.put(id, readFloats(d));
    }
    int nHistory = d.readInt();
    List<RoundMetrics> history = new ArrayList<>();
    for (int i = 0; i < nHistory; i++) {
      byte[] line = new byte[d.readInt()];
      d.readFully(line);
      history.add(RoundMetrics.fromCsv(new String(line, StandardCharsets.UTF_8)));
    }
    return new SimulationState(rounds, fingerprint, global, strategy, selector, local, history);
  }

  private static void writeFloats(DataOutputStream d, float[] a) throws IOException {
    d.writeInt(a.length);
    for (float v : a) {
      d.writeInt(Float.floatToRawIntBits(v));
    }
  }

  private static float[] readFloats(DataInputStream d) throws IOException {
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
}
