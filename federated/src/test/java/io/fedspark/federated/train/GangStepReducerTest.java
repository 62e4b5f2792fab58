package io.fedspark.federated.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.engine.FaultInjection;
import io.fedspark.math.blas.MathBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A gang of threads, each running a whole epoch on its own partition and exchanging contributions
 * ({@link GangStepReducer}, {@link GangEpoch}), ends every epoch in the state the one-reduction-per-
 * synchronisation backend computes, bit for bit, on every thread, for both modes and an optimizer
 * with state; the messages round-trip exactly.
 */
class GangStepReducerTest {
  private static final int PARTITIONS = 3;
  private static final String MODEL = "mlp:6-12-3";

  /** An all-gather among threads: each puts its message in its slot; the barrier publishes them all. */
  private static final class ThreadGang {
    private final byte[][] slots;
    private final CyclicBarrier in;
    private final CyclicBarrier out;

    ThreadGang(int n) {
      slots = new byte[n][];
      in = new CyclicBarrier(n);
      out = new CyclicBarrier(n);
    }

    GangExchange member(int p) {
      return mine -> {
        try {
          slots[p] = mine;
          in.await();
          byte[][] all = slots.clone();
          out.await();
          return all;
        } catch (InterruptedException | BrokenBarrierException e) {
          throw new IllegalStateException(e);
        }
      };
    }
  }

  private static List<ClientShard> shards() {
    SplittableRandom r = new SplittableRandom(7);
    List<ClientShard> out = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      int n = 40 + 7 * p;
      float[] x = new float[n * 6];
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        y[i] = r.nextInt(3);
        for (int j = 0; j < 6; j++) {
          x[i * 6 + j] = (float) (r.nextGaussian() + (j % 3 == y[i] ? 1.5 : 0));
        }
      }
      out.add(new ClientShard(p, n, 6, 3, x, y));
    }
    return out;
  }

  private static DataParallelOptions options(String mode, String optimizer, Object... extra) {
    Map<String, Object> keys = new java.util.HashMap<>(Map.of("train.mode", mode, "train.partitions", PARTITIONS,
        "train.epochs", 3, "train.batch-size", 6, "train.local-steps", 2, "train.optimizer.kind", optimizer,
        "train.optimizer.learning-rate", 0.05));
    for (int i = 0; i < extra.length; i += 2) {
      keys.put((String) extra[i], extra[i + 1]);
    }
    return DataParallelOptions.from(ConfigView.of(keys));
  }

  private static PartitionStep step() {
    return new PartitionStep(MODEL, options("local-sgd", "sgd").optimizer(), MathBackend.AUTO, 1, 11,
        FaultInjection.NONE);
  }

  private static float[] initial() {
    return io.fedspark.math.nn.Model.create(io.fedspark.math.nn.ModelSpec.parse(MODEL), 3).parameters().clone();
  }

  /** Every thread's epoch outcomes (per epoch, per thread). */
  private static List<List<GangEpoch.Outcome>> gang(DataParallelOptions o, List<ClientShard> shards) throws Exception {
    PartitionStep step = new PartitionStep(MODEL, o.optimizer(), MathBackend.AUTO, 1, 11, FaultInjection.NONE,
        o.compression());
    int[] sizes = shards.stream().mapToInt(ClientShard::size).toArray();
    ExecutorService pool = Executors.newFixedThreadPool(PARTITIONS);
    try {
      List<List<GangEpoch.Outcome>> epochs = new ArrayList<>();
      TrainState state = TrainState.initial(initial());
      for (int epoch = 1; epoch <= o.epochs(); epoch++) {
        ThreadGang g = new ThreadGang(PARTITIONS);
        List<Future<GangEpoch.Outcome>> tasks = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
          int part = p;
          TrainState start = state;
          int e = epoch;
          tasks.add(pool.submit(() -> GangEpoch.run(o, sizes, start, e,
              new GangStepReducer(step, List.of(shards.get(part)), null, g.member(part)))));
        }
        List<GangEpoch.Outcome> outs = new ArrayList<>();
        for (Future<GangEpoch.Outcome> f : tasks) {
          outs.add(GangEpoch.fromBytes(GangEpoch.toBytes(f.get())));
        }
        epochs.add(outs);
        // as the barrier driver does: the state of thread 0, with every thread's own partition memories
        List<PartitionMemory> own = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
          own.addAll(GangEpoch.memories(outs.get(p), List.of(p)));
        }
        state = outs.get(0).result().state().withMemories(own);
      }
      return epochs;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void agree(String mode, String optimizer, Object... extra) throws Exception {
    DataParallelOptions o = options(mode, optimizer, extra);
    List<ClientShard> shards = shards();
    List<EpochRunner.Result> reference = new ArrayList<>();
    try (InProcessTrainBackend backend = new InProcessTrainBackend(shards, List.of(), new PartitionStep(MODEL,
        o.optimizer(), MathBackend.AUTO, 1, 11, FaultInjection.NONE, o.compression()), MODEL, 3, 2)) {
      EpochDriver driver = EpochDriver.of(o, backend, null);
      TrainState s = TrainState.initial(initial());
      for (int epoch = 1; epoch <= o.epochs(); epoch++) {
        EpochRunner.Result r = driver.run(s, epoch, EpochRunner.Progress.NONE);
        reference.add(r);
        s = GangEpoch.copy(r.state()); // the driver steps sync-gradient's parameters in place
      }
    }
    List<List<GangEpoch.Outcome>> gang = gang(o, shards);
    for (int e = 0; e < o.epochs(); e++) {
      EpochRunner.Result want = reference.get(e);
      for (GangEpoch.Outcome got : gang.get(e)) {
        String what = mode + "/" + optimizer + " epoch " + (e + 1);
        assertArrayEquals(want.state().params(), got.result().state().params(), 0f, what);
        assertArrayEquals(want.state().stateNames(), got.result().state().stateNames(), what);
        for (int i = 0; i < want.state().stateArrays().length; i++) {
          assertArrayEquals(want.state().stateArrays()[i], got.result().state().stateArrays()[i], 0f, what);
        }
        assertEquals(want.state().step(), got.result().state().step(), what);
        assertEquals(want.lossSum(), got.result().lossSum(), 0.0, what);
        assertEquals(want.seen(), got.result().seen(), what);
        assertEquals(want.correct(), got.result().correct(), what);
        assertEquals(want.steps(), got.result().steps(), what);
        assertTrue(got.exchanges() > 0 && got.bytesSent() > 0, what);
        assertEquals(want.contributions(), got.result().contributions(), what);
        assertEquals(want.contributionBytes(), got.result().contributionBytes(), what);
      }
      if (o.compression().enabled()) { // every partition's memory, from the thread that ran it
        TrainState wantState = want.state();
        assertEquals(PARTITIONS, wantState.memories().length, "epoch " + (e + 1));
        for (int p = 0; p < PARTITIONS; p++) {
          PartitionMemory w = wantState.memory(p);
          PartitionMemory g = gang.get(e).get(p).result().state().memory(p);
          assertArrayEquals(w.residual(), g.residual(), 0f, "residual of partition " + p + ", epoch " + (e + 1));
          assertArrayEquals(w.stateArrays()[0], g.stateArrays()[0], 0f, "momentum of partition " + p);
          assertEquals(w.step(), g.step());
        }
      }
    }
  }

  @Test
  void compressedLocalSgdMatchesTheReducingBackendBitForBit() throws Exception {
    agree("local-sgd", "sgd", "train.compression.method", "top-k", "train.compression.top-k.fraction", 0.1);
    agree("local-sgd", "adam", "train.compression.method", "threshold", "train.compression.threshold.tau", 0.01);
  }

  @Test
  void localSgdWithAdamMatchesTheReducingBackendBitForBit() throws Exception {
    agree("local-sgd", "adam");
  }

  @Test
  void syncGradientWithMomentumMatchesTheReducingBackendBitForBit() throws Exception {
    agree("sync-gradient", "sgd");
  }

  @Test
  void contributionsRoundTripExactly() {
    StepContribution c = new StepContribution(4, new float[] {1.5f, -0f, Float.MIN_VALUE, Float.NaN}, 17,
        new String[] {"m", "v"}, new float[][] {{1f, 2f, 3f, 4f}, {-1f, 0.1f, 7f, 8f}}, 9, 3.25, 17, 12);
    List<StepContribution> back = GangStepReducer.decode(GangStepReducer.encode(List.of(c, c)));
    assertEquals(2, back.size());
    StepContribution d = back.get(1);
    assertEquals(4, d.partition());
    assertArrayEquals(new int[] {Float.floatToRawIntBits(1.5f), Float.floatToRawIntBits(-0f), 1,
        Float.floatToRawIntBits(Float.NaN)}, toBits(d.vector()));
    assertArrayEquals(c.stateNames(), d.stateNames());
    assertArrayEquals(c.stateArrays()[1], d.stateArrays()[1], 0f);
    assertEquals(17, d.weight());
    assertEquals(9, d.step());
    assertEquals(3.25, d.lossSum());
    assertEquals(12, d.correct());
  }

  private static int[] toBits(float[] a) {
    int[] b = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Float.floatToRawIntBits(a[i]);
    }
    return b;
  }
}
