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

/**
 * Binary checkpoint of a {@link SimulationState} in a {@link ChecksummedFrame} with magic
 * "FSCKPT01". Payload: completedRounds, fingerprint (UTF), global (int n + n floats), strategy state
 * (int count, each array), selector state (int n + n longs), local models (int count, each: client
 * id + array), history (int count, each a CSV line as UTF). A truncated or corrupted file fails
 * with the source name and what was wrong, never with a half-restored state.
 */
public final class CheckpointCodec {
  private static final String MAGIC = "FSCKPT01";

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
    out.write(ChecksummedFrame.wrap(MAGIC, payload.toByteArray()));
    out.flush();
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
    byte[] payload = ChecksummedFrame.unwrap(MAGIC, in, source);
    try {
      return decode(new DataInputStream(new java.io.ByteArrayInputStream(payload)));
    } catch (EOFException e) {
      throw new IOException(source + ": checkpoint payload is truncated", e);
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
    ChecksummedFrame.writeFloats(d, a);
  }

  private static float[] readFloats(DataInputStream d) throws IOException {
    return ChecksummedFrame.readFloats(d);
  }
}
