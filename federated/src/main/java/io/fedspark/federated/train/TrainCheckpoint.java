package io.fedspark.federated.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import io.fedspark.federated.engine.ChecksummedFrame;

/**
 * The state of a training run after {@code epoch} epochs, enough to continue bit-identically:
 * parameters, the optimizer's step and state arrays, early-stopping bookkeeping and the metrics
 * of the epochs so far (no RNG state is needed: batch orders derive from (seed, epoch, partition)),
 * and under compression every partition's {@link PartitionMemory} (residual and optimizer state),
 * written after the rest so that a checkpoint without them reads as before.
 * The history is stored as {@link EpochMetrics#toCsv()} lines after the header line.
 * Stored in a {@link ChecksummedFrame} with magic "FSTRN001".
 */
public record TrainCheckpoint(
    int epoch,
    String fingerprint,
    TrainState state,
    double bestMetric,
    int evalsWithoutImprovement,
    List<EpochMetrics> history) {

  private static final String MAGIC = "FSTRN001";

  public byte[] toBytes() {
    try {
      ByteArrayOutputStream payload = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(payload);
      d.writeInt(epoch);
      d.writeUTF(fingerprint);
      writeFloats(d, state.params());
      d.writeLong(state.step());
      d.writeInt(state.stateNames().length);
      for (int i = 0; i < state.stateNames().length; i++) {
        d.writeUTF(state.stateNames()[i]);
        writeFloats(d, state.stateArrays()[i]);
      }
      d.writeDouble(bestMetric);
      d.writeInt(evalsWithoutImprovement);
      List<String> lines = new ArrayList<>();
      lines.add(EpochMetrics.CSV_HEADER);
      history.forEach(m -> lines.add(m.toCsv()));
      d.writeInt(lines.size());
      for (String l : lines) {
        byte[] b = l.getBytes(StandardCharsets.UTF_8);
        d.writeInt(b.length);
        d.write(b);
      }
      // the partitions' memories under compression, after everything older checkpoints hold
      if (state.memories().length > 0) {
        d.writeInt(state.memories().length);
        for (PartitionMemory m : state.memories()) {
          d.writeInt(m.partition());
          writeFloats(d, m.residual());
          d.writeLong(m.step());
          d.writeInt(m.stateNames().length);
          for (int i = 0; i < m.stateNames().length; i++) {
            d.writeUTF(m.stateNames()[i]);
            writeFloats(d, m.stateArrays()[i]);
          }
        }
      }
      d.flush();
      return ChecksummedFrame.wrap(MAGIC, payload.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TrainCheckpoint fromBytes(byte[] all, String source) throws IOException {
    byte[] bytes = ChecksummedFrame.unwrap(MAGIC, new ByteArrayInputStream(all), source);
    try {
      DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes));
      int epoch = d.readInt();
      String fp = d.readUTF();
      float[] params = readFloats(d);
      long step = d.readLong();
      int n = d.readInt();
      String[] names = new String[n];
      float[][] arrays = new float[n][];
      for (int i = 0; i < n; i++) {
        names[i] = d.readUTF();
        arrays[i] = readFloats(d);
      }
      double best = d.readDouble();
      int stale = d.readInt();
      int lines = d.readInt();
      List<EpochMetrics> metrics = new ArrayList<>();
      for (int i = 0; i < lines; i++) {
        byte[] b = new byte[d.readInt()];
        d.readFully(b);
        String line = new String(b, StandardCharsets.UTF_8);
        if (!line.equals(EpochMetrics.CSV_HEADER)) {
          metrics.add(EpochMetrics.parse(line));
        }
      }
      PartitionMemory[] memories = new PartitionMemory[d.available() > 0 ? d.readInt() : 0];
      for (int k = 0; k < memories.length; k++) {
        int partition = d.readInt();
        float[] residual = readFloats(d);
        long memoryStep = d.readLong();
        String[] memoryNames = new String[d.readInt()];
        float[][] memoryArrays = new float[memoryNames.length][];
        for (int i = 0; i < memoryNames.length; i++) {
          memoryNames[i] = d.readUTF();
          memoryArrays[i] = readFloats(d);
        }
        memories[k] = new PartitionMemory(partition, residual, memoryNames, memoryArrays, memoryStep);
      }
      return new TrainCheckpoint(epoch, fp, new TrainState(params, names, arrays, step, memories), best, stale,
          metrics);
    } catch (EOFException e) {
      throw new IOException(source + ": checkpoint is truncated", e);
    }
  }

  private static void writeFloats(DataOutputStream d, float[] a) throws IOException {
    ChecksummedFrame.writeFloats(d, a);
  }

  private static float[] readFloats(DataInputStream d) throws IOException {
    return ChecksummedFrame.readFloats(d);
  }
}
