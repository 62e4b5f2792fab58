package io.fedspark.federated.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import io.fedspark.federated.compress.SparseVectorCodec;

/**
 * One data partition's result of one synchronisation, before any reduction: its parameters
 * (local SGD) or gradient (synchronous SGD) with their weight in examples, its optimizer state,
 * step, and the training loss and accuracy it saw. {@link StepAccumulator#add(StepContribution)}
 * adds it to the exact sums; a gang-scheduled stage ships it between tasks as raw little-endian
 * bytes ({@link #toBytes}), the vector in {@link SparseVectorCodec}'s exact encoding (dense, 4 bytes
 * a float, unless compression left it mostly zero) and the state arrays dense, so every task can
 * reduce every partition's contribution itself into the same exact sums the driver would compute.
 * What the partition keeps for itself under compression ({@code kept}) is never encoded.
 *
 * @param partition the data partition (its shard id)
 * @param vector parameters or gradient
 * @param weight examples behind {@code vector} (at least 1)
 * @param stateNames optimizer state array names (empty for a gradient)
 * @param stateArrays the arrays, in the order of {@code stateNames}
 * @param step the optimizer's step count
 * @param lossSum summed training loss over the examples seen
 * @param examples training examples seen
 * @param correct of them classified correctly
 * @param kept what the partition keeps for itself under compression (stays with it; null without)
 */
public record StepContribution(int partition, float[] vector, long weight, String[] stateNames, float[][] stateArrays,
    long step, double lossSum, long examples, long correct, PartitionMemory kept) {

  /** A contribution without partition memory (no compression, or decoded from the wire). */
  public StepContribution(int partition, float[] vector, long weight, String[] stateNames, float[][] stateArrays,
      long step, double lossSum, long examples, long correct) {
    this(partition, vector, weight, stateNames, stateArrays, step, lossSum, examples, correct, null);
  }

  /** The length of {@link #toBytes} (what the exchange sends for this contribution), without encoding it. */
  public int encodedSize() {
    int size = HEADER + SparseVectorCodec.size(vector);
    for (int i = 0; i < stateNames.length; i++) {
      size += 4 + stateNames[i].getBytes(StandardCharsets.UTF_8).length + 4 + 4 * stateArrays[i].length;
    }
    return size;
  }

  private static final int HEADER = 4 + 8 + 8 + 8 + 8 + 8 + 4;

  /** The raw encoding (little-endian): header, names, then the float arrays in bulk. */
  public byte[] toBytes() {
    byte[][] names = new byte[stateNames.length][];
    int size = HEADER + SparseVectorCodec.size(vector);
    for (int i = 0; i < names.length; i++) {
      names[i] = stateNames[i].getBytes(StandardCharsets.UTF_8);
      size += 4 + names[i].length + 4 + 4 * stateArrays[i].length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(partition).putLong(weight).putLong(step).putDouble(lossSum).putLong(examples).putLong(correct);
    b.putInt(names.length);
    SparseVectorCodec.put(b, vector);
    for (int i = 0; i < names.length; i++) {
      b.putInt(names[i].length).put(names[i]);
      putFloats(b, stateArrays[i]);
    }
    return b.array();
  }

  /** Decodes {@link #toBytes}. */
  public static StepContribution fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int partition = b.getInt();
    long weight = b.getLong();
    long step = b.getLong();
    double lossSum = b.getDouble();
    long examples = b.getLong();
    long correct = b.getLong();
    int n = b.getInt();
    float[] vector = SparseVectorCodec.get(b);
    String[] names = new String[n];
    float[][] arrays = new float[n][];
    for (int i = 0; i < n; i++) {
      byte[] name = new byte[b.getInt()];
      b.get(name);
      names[i] = new String(name, StandardCharsets.UTF_8);
      arrays[i] = getFloats(b);
    }
    if (b.hasRemaining()) {
      throw new IllegalArgumentException("step contribution of partition " + partition + ": " + b.remaining()
          + " bytes left after decoding " + bytes.length);
    }
    return new StepContribution(partition, vector, weight, names, arrays, step, lossSum, examples, correct);
  }

  private static void putFloats(ByteBuffer b, float[] a) {
    b.putInt(a.length);
    b.asFloatBuffer().put(a);
    b.position(b.position() + 4 * a.length);
  }

  private static float[] getFloats(ByteBuffer b) {
    float[] a = new float[b.getInt()];
    b.asFloatBuffer().get(a);
    b.position(b.position() + 4 * a.length);
    return a;
  }
}
