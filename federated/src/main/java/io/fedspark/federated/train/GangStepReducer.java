package io.fedspark.federated.train;

import io.fedspark.federated.client.ClientShard;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StepReducer} inside one task of a gang: the task computes its own partitions'
 * {@link StepContribution}s, shares them with every other task through a {@link GangExchange}, and
 * reduces all of them itself. Each task's contributions are folded into one accumulator and the
 * tasks' accumulators merged in task order, exactly as the driver folds and merges the tasks'
 * results of a Spark job; the sums are exact and order-independent ({@link StepAccumulator}), so
 * every task ends each synchronisation with the same state, bit for bit the state the driver of
 * the one-job-per-synchronisation backend computes. Sync-gradient tasks each step an identical
 * replica of the optimizer on the reduced gradient (Horovod's data-parallel scheme: Sergeev and
 * Del Balso, 2018, "Horovod: fast and easy distributed deep learning in TensorFlow"). Under
 * compression the messages carry the partitions' compressed updates or gradients only; what each partition
 * keeps ({@link PartitionMemory}) stays in its task, which records it in its own accumulator.
 */
public final class GangStepReducer implements StepReducer {
  private final PartitionStep step;
  private final List<ClientShard> shards;
  private final TaskAttempt attempt;
  private final GangExchange exchange;
  private long bytesSent;
  private long exchangeNanos;
  private int exchanges;

  /**
   * @param shards this task's partitions
   * @param attempt this task's attempt (fault hook), or null
   */
  public GangStepReducer(PartitionStep step, List<ClientShard> shards, TaskAttempt attempt, GangExchange exchange) {
    this.step = step;
    this.shards = List.copyOf(shards);
    this.attempt = attempt;
    this.exchange = exchange;
  }

  @Override
  public StepAccumulator localSteps(TrainState start, int epoch, int batchSize, int firstBatch, int count, int sync) {
    return share(step.localContributions(shards.iterator(), start, epoch, batchSize, firstBatch, count, sync, attempt));
  }

  @Override
  public StepAccumulator gradient(TrainState at, int epoch, int globalBatch, int partitions, int batch, int sync) {
    return share(step.gradientContributions(shards.iterator(), at, epoch, globalBatch, partitions, batch, sync,
        attempt));
  }

  /** Bytes this task sent through the exchange so far. */
  public long bytesSent() {
    return bytesSent;
  }

  /** Wall time this task spent in the exchange so far (waiting for the slowest task included). */
  public long exchangeNanos() {
    return exchangeNanos;
  }

  /** Synchronisations exchanged so far. */
  public int exchanges() {
    return exchanges;
  }

  private StepAccumulator share(List<StepContribution> mine) {
    byte[] message = encode(mine);
    long t0 = System.nanoTime();
    byte[][] all = exchange.allGather(message);
    exchangeNanos += System.nanoTime() - t0;
    bytesSent += message.length;
    exchanges++;
    StepAccumulator total = new StepAccumulator();
    for (byte[] m : all) {
      StepAccumulator task = new StepAccumulator();
      decode(m).forEach(task::add);
      total.merge(task);
    }
    // under compression, what this task's partitions keep for themselves never left the task
    mine.stream().filter(c -> c.kept() != null).forEach(c -> total.keep(c.kept()));
    return total;
  }

  /** A task's contributions as one message: their count, then each one's length and bytes. */
  static byte[] encode(List<StepContribution> parts) {
    List<byte[]> encoded = new ArrayList<>(parts.size());
    int size = 4;
    for (StepContribution c : parts) {
      byte[] b = c.toBytes();
      encoded.add(b);
      size += 4 + b.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.putInt(encoded.size());
    for (byte[] b : encoded) {
      out.putInt(b.length).put(b);
    }
    return out.array();
  }

  static List<StepContribution> decode(byte[] message) {
    ByteBuffer in = ByteBuffer.wrap(message);
    int n = in.getInt();
    List<StepContribution> parts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[in.getInt()];
      in.get(b);
      parts.add(StepContribution.fromBytes(b));
    }
    return parts;
  }
}
