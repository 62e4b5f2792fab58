package io.fedspark.federated.train;

import io.fedspark.math.optim.Optimizer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One epoch of data-parallel training run by every task of a gang at once (a Spark barrier stage):
 * each task runs {@link EpochRunner}'s synchronisations on a {@link GangStepReducer} from a private
 * copy of the epoch's start state, with sync-gradient's optimizer rebuilt from that state, so all
 * tasks compute the same sequence of states, equal bit for bit to the one-job-per-synchronisation
 * backend's. The epoch is a pure function of (start state, epoch, partitions): a gang that fails
 * is rerun from the same start and gives the same result.
 */
public final class GangEpoch {
  /**
   * What a gang's epoch produced, with the exchange figures of the task that reports it.
   *
   * @param bytesSent bytes this task sent through the exchange
   * @param exchangeNanos wall time this task spent in the exchange (waiting for the slowest included)
   * @param exchanges synchronisations of the epoch
   */
  public record Outcome(EpochRunner.Result result, long bytesSent, long exchangeNanos, int exchanges) {}

  private GangEpoch() {}

  /**
   * Runs epoch {@code epoch} from {@code start} on {@code reducer} (this task's place in the gang).
   * Under compression the outcome's state holds this task's partitions' memories as they end the
   * epoch, and the other partitions' as they started it: the driver collects each task's own
   * ({@link #memories}, {@link #memoriesToBytes}).
   */
  public static Outcome run(DataParallelOptions options, int[] partitionSizes, TrainState start, int epoch,
      GangStepReducer reducer) {
    EpochRunner.Result r = fromStart(new EpochRunner(options, partitionSizes), options, start, epoch, reducer,
        EpochRunner.Progress.NONE);
    return new Outcome(r, reducer.bytesSent(), reducer.exchangeNanos(), reducer.exchanges());
  }

  /**
   * Epoch {@code epoch} on {@code runner} from a copy of {@code start}, sync-gradient's optimizer
   * restored from it: nothing carried from an earlier epoch, so any JVM gives the same epoch.
   */
  static EpochRunner.Result fromStart(EpochRunner runner, DataParallelOptions options, TrainState start, int epoch,
      StepReducer reducer, EpochRunner.Progress progress) {
    TrainState own = copy(start);
    Optimizer optimizer = options.optimizer().create();
    if (options.mode() == TrainMode.SYNC_GRADIENT) {
      own.restoreInto(optimizer);
    }
    return runner.run(own, epoch, reducer, optimizer, progress);
  }

  /** A deep copy: sync-gradient steps the parameters in place, and the start may be shared (a broadcast). */
  static TrainState copy(TrainState s) {
    float[][] arrays = new float[s.stateArrays().length][];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = s.stateArrays()[i].clone();
    }
    return new TrainState(s.params().clone(), s.stateNames().clone(), arrays, s.step(), s.memories());
  }

  /** The memories of {@code partitions} in {@code o}'s state (a task's own, to send to the driver). */
  public static List<PartitionMemory> memories(Outcome o, List<Integer> partitions) {
    List<PartitionMemory> out = new ArrayList<>();
    for (int p : partitions) {
      PartitionMemory m = o.result().state().memory(p);
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  /** Partition memories as raw little-endian bytes (a task's result besides the outcome). */
  public static byte[] memoriesToBytes(List<PartitionMemory> memories) {
    List<byte[]> encoded = new ArrayList<>();
    int size = 4;
    for (PartitionMemory m : memories) {
      byte[] b = new StepContribution(m.partition(), m.residual(), 1, m.stateNames(), m.stateArrays(), m.step(), 0,
          0, 0).toBytes();
      encoded.add(b);
      size += 4 + b.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putInt(encoded.size());
    encoded.forEach(b -> out.putInt(b.length).put(b));
    return out.array();
  }

  /** Decodes {@link #memoriesToBytes}. */
  public static List<PartitionMemory> memoriesFromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int n = in.getInt();
    List<PartitionMemory> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[in.getInt()];
      in.get(b);
      StepContribution c = StepContribution.fromBytes(b);
      out.add(new PartitionMemory(c.partition(), c.vector(), c.stateNames(), c.stateArrays(), c.step()));
    }
    return out;
  }

  /**
   * The outcome as raw little-endian bytes (a task's result): the exchange figures, then the state
   * and metrics in {@link StepContribution}'s encoding, whose partition field carries the epoch's
   * step count, then the state's partition memories ({@link #memoriesToBytes}).
   */
  public static byte[] toBytes(Outcome o) {
    EpochRunner.Result r = o.result();
    TrainState s = r.state();
    StepContribution packed = new StepContribution(r.steps(), s.params(), 1, s.stateNames(), s.stateArrays(),
        s.step(), r.lossSum(), r.seen(), r.correct());
    byte[] state = packed.toBytes();
    byte[] memories = memoriesToBytes(List.of(s.memories()));
    return ByteBuffer.allocate(8 + 8 + 4 + 8 + 8 + 4 + state.length + memories.length).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(o.bytesSent()).putLong(o.exchangeNanos()).putInt(o.exchanges()).putLong(r.contributions())
        .putLong(r.contributionBytes()).putInt(state.length).put(state).put(memories).array();
  }

  /** Decodes {@link #toBytes}. */
  public static Outcome fromBytes(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long sent = b.getLong();
    long nanos = b.getLong();
    int exchanges = b.getInt();
    long contributions = b.getLong();
    long contributionBytes = b.getLong();
    byte[] packed = new byte[b.getInt()];
    b.get(packed);
    byte[] rest = new byte[b.remaining()];
    b.get(rest);
    StepContribution p = StepContribution.fromBytes(packed);
    TrainState state = new TrainState(p.vector(), p.stateNames(), p.stateArrays(), p.step(),
        memoriesFromBytes(rest).toArray(new PartitionMemory[0]));
    return new Outcome(new EpochRunner.Result(state, p.partition(), p.lossSum(), p.examples(), p.correct(),
        contributions, contributionBytes), sent, nanos, exchanges);
  }
}
