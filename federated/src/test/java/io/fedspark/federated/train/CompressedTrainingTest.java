package io.fedspark.federated.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.client.ClientShard;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.engine.FaultInjection;
import io.fedspark.math.blas.MathBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Local SGD with compressed updates and sync-gradient with compressed gradients
 * ({@code train.compression}) on a thread-pool backend: each learns, sends a fraction of the
 * uncompressed bytes, gives the same model for any number of threads, and a run resumed from a
 * checkpoint (which carries every partition's residual, and local SGD's optimizer states) ends
 * bit-identical to the uninterrupted run; in sync-gradient, error feedback sends every partition's
 * whole gradient sum over the steps but what its residual still holds.
 */
class CompressedTrainingTest {
  private static final int PARTITIONS = 3;
  private static final String MODEL = "mlp:6-12-3";

  private static List<ClientShard> shards(int seed, int base) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ClientShard> out = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      int n = base + 7 * p;
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

  private static DataParallelOptions options(String method, Object... extra) {
    Map<String, Object> keys = new HashMap<>(Map.of("train.partitions", PARTITIONS, "train.epochs", 4,
        "train.batch-size", 8, "train.local-steps", 3, "train.optimizer.learning-rate", 0.05,
        "train.compression.method", method));
    for (int i = 0; i < extra.length; i += 2) {
      keys.put((String) extra[i], extra[i + 1]);
    }
    return DataParallelOptions.from(ConfigView.of(keys));
  }

  /** A run of {@code o} on {@code threads} threads; checkpoints go through their bytes into {@code saved}. */
  private static DataParallelTraining.Result train(DataParallelOptions o, int threads, TrainCheckpoint resumed,
      int stopAfter, List<TrainCheckpoint> saved) {
    PartitionStep step = new PartitionStep(MODEL, o.optimizer(), MathBackend.AUTO, 1, 11, FaultInjection.NONE,
        o.compression());
    float[] initial = io.fedspark.math.nn.Model.create(io.fedspark.math.nn.ModelSpec.parse(MODEL), 3).parameters().clone();
    try (InProcessTrainBackend backend = new InProcessTrainBackend(shards(7, 200), shards(8, 100), step, MODEL, 3,
        threads)) {
      return DataParallelTraining.on(o, backend, resumed, "fp").run(initial, resumed, (m, eval, cp, eta) -> {
        if (cp != null) {
          try {
            saved.add(TrainCheckpoint.fromBytes(cp.toBytes(), "test"));
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }, e -> e == stopAfter);
    }
  }

  @Test
  void learnsWithAFractionOfTheBytes() {
    DataParallelTraining.Result none = train(options("none"), 2, null, -1, new ArrayList<>());
    DataParallelTraining.Result topK = train(options("top-k", "train.compression.top-k.fraction", 0.1), 2, null, -1,
        new ArrayList<>());
    DataParallelTraining.Result threshold = train(options("threshold", "train.compression.threshold.tau", 0.02), 2,
        null, -1, new ArrayList<>());
    double noneBytes = none.history().get(0).bytesPerSync();
    // uncompressed local SGD sends parameters and momentum: 2 x 123 floats; top-k 10% sends 13 (index, value) pairs
    assertEquals(4 + 8 + 8 + 8 + 8 + 8 + 4 + 5 + 4 * 123 + (4 + 8 + 4 + 4 * 123), noneBytes, 0.0);
    assertEquals(4 + 8 + 8 + 8 + 8 + 8 + 4 + 5 + 4 + 8 * 13, topK.history().get(0).bytesPerSync(), 0.0);
    assertTrue(threshold.history().get(3).bytesPerSync() < noneBytes / 2, threshold.history().toString());
    for (DataParallelTraining.Result r : List.of(none, topK, threshold)) {
      assertTrue(r.evaluation().accuracy() > 0.8, "accuracy " + r.evaluation().accuracy());
    }
  }

  @Test
  void theModelDoesNotDependOnTheThreadCount() {
    DataParallelOptions o = options("top-k", "train.compression.top-k.fraction", 0.05);
    assertArrayEquals(train(o, 1, null, -1, new ArrayList<>()).params(),
        train(o, 3, null, -1, new ArrayList<>()).params(), 0f);
  }

  @Test
  void aResumedRunKeepsThePartitionsResidualsAndEndsBitIdentical() {
    DataParallelOptions o = options("threshold", "train.compression.threshold.tau", 0.005);
    DataParallelTraining.Result whole = train(o, 2, null, -1, new ArrayList<>());
    List<TrainCheckpoint> saved = new ArrayList<>();
    DataParallelTraining.Result first = train(o, 2, null, 2, saved);
    assertTrue(first.interrupted());
    TrainCheckpoint cp = saved.get(saved.size() - 1);
    assertEquals(2, cp.epoch());
    assertEquals(PARTITIONS, cp.state().memories().length, "every partition's memory is checkpointed");
    float[] residual = cp.state().memory(1).residual();
    assertTrue(java.util.stream.IntStream.range(0, residual.length).anyMatch(i -> residual[i] != 0),
        "threshold encoding leaves a residual");
    DataParallelTraining.Result resumed = train(o, 2, cp, -1, new ArrayList<>());
    assertArrayEquals(whole.params(), resumed.params(), 0f);
    assertEquals(whole.history().get(3).toCsv().replaceAll(",[^,]*,[^,]*,[^,]*$", ""),
        resumed.history().get(3).toCsv().replaceAll(",[^,]*,[^,]*,[^,]*$", ""));
  }

  private static final Object[] SYNC = {"train.mode", "sync-gradient", "train.batch-size", 24,
      "train.optimizer.learning-rate", 0.1};

  /** Sync-gradient options with {@code method} and its parameter. */
  private static DataParallelOptions sync(String method, Object... extra) {
    Object[] all = java.util.Arrays.copyOf(SYNC, SYNC.length + extra.length);
    System.arraycopy(extra, 0, all, SYNC.length, extra.length);
    return options(method, all);
  }

  @Test
  void syncGradientLearnsWithAFractionOfTheBytes() {
    DataParallelTraining.Result none = train(sync("none"), 2, null, -1, new ArrayList<>());
    DataParallelTraining.Result topK = train(sync("top-k", "train.compression.top-k.fraction", 0.1), 2, null, -1,
        new ArrayList<>());
    // tau is a gradient magnitude in sync-gradient: this small model's gradients pass 0.02 almost everywhere
    DataParallelTraining.Result threshold = train(sync("threshold", "train.compression.threshold.tau", 0.1), 2, null,
        -1, new ArrayList<>());
    // a gradient contribution: the header, then 123 dense floats; top-k 10% sends 13 (index, value) pairs
    double noneBytes = none.history().get(0).bytesPerSync();
    assertEquals(4 + 8 + 8 + 8 + 8 + 8 + 4 + 5 + 4 * 123, noneBytes, 0.0);
    for (int e = 0; e < 4; e++) {
      assertEquals(4 + 8 + 8 + 8 + 8 + 8 + 4 + 5 + 4 + 8 * 13, topK.history().get(e).bytesPerSync(), 0.0);
      // threshold: one shared magnitude and an int per coordinate sent
      assertTrue(threshold.history().get(e).bytesPerSync() < noneBytes / 2, threshold.history().toString());
    }
    for (DataParallelTraining.Result r : List.of(none, topK, threshold)) {
      assertTrue(r.evaluation().accuracy() > 0.8, "accuracy " + r.evaluation().accuracy());
    }
    assertTrue(!java.util.Arrays.equals(none.params(), topK.params()), "top-k changes what is sent");
  }

  @Test
  void syncGradientGivesOneModelForAnyThreadCountAndAfterAResume() {
    for (DataParallelOptions o : List.of(sync("top-k", "train.compression.top-k.fraction", 0.05),
        sync("threshold", "train.compression.threshold.tau", 0.01))) {
      String what = o.compression().describe();
      DataParallelTraining.Result whole = train(o, 1, null, -1, new ArrayList<>());
      assertArrayEquals(whole.params(), train(o, 3, null, -1, new ArrayList<>()).params(), 0f, what);
      List<TrainCheckpoint> saved = new ArrayList<>();
      assertTrue(train(o, 2, null, 2, saved).interrupted());
      TrainCheckpoint cp = saved.get(saved.size() - 1);
      assertEquals(2, cp.epoch());
      assertEquals(PARTITIONS, cp.state().memories().length, what + ": every partition's residual is checkpointed");
      float[] residual = cp.state().memory(2).residual();
      assertTrue(java.util.stream.IntStream.range(0, residual.length).anyMatch(i -> residual[i] != 0),
          what + " leaves a residual");
      assertTrue(cp.state().stateNames().length > 0, what + ": the driver's momentum is checkpointed too");
      DataParallelTraining.Result resumed = train(o, 2, cp, -1, new ArrayList<>());
      assertArrayEquals(whole.params(), resumed.params(), 0f, what + ": resumed after epoch 2 vs uninterrupted");
    }
  }

  /**
   * Error feedback in sync-gradient: over an epoch's steps, each partition has sent the sum of its
   * gradients minus what its residual holds at the end (Stich et al. 2018, the memory identity
   * {@code sum_t C(g_t + r_t) = sum_t g_t - r_T}). A residual dropped anywhere between steps or
   * epochs (not carried in the state, or not read by the partition) breaks the identity by
   * everything it held.
   */
  @Test
  void syncGradientErrorFeedbackSendsEveryGradientButTheResidual() {
    for (DataParallelOptions o : List.of(sync("top-k", "train.compression.top-k.fraction", 0.05),
        sync("threshold", "train.compression.threshold.tau", 0.01))) {
      String what = o.compression().describe();
      PartitionStep compressed = new PartitionStep(MODEL, o.optimizer(), MathBackend.AUTO, 1, 11, FaultInjection.NONE,
          o.compression());
      PartitionStep plain = new PartitionStep(MODEL, o.optimizer(), MathBackend.AUTO, 1, 11, FaultInjection.NONE);
      List<ClientShard> train = shards(7, 200);
      int n = io.fedspark.math.nn.ModelSpec.parse(MODEL).parameterCount();
      double[][] gradients = new double[PARTITIONS][n];
      double[][] sent = new double[PARTITIONS][n];
      StepReducer recording = new StepReducer() {
        @Override
        public StepAccumulator localSteps(TrainState start, int epoch, int batchSize, int firstBatch, int count,
            int sync) {
          throw new UnsupportedOperationException();
        }

        @Override
        public StepAccumulator gradient(TrainState at, int epoch, int globalBatch, int partitions, int batch,
            int sync) {
          StepAccumulator acc = new StepAccumulator();
          for (ClientShard s : train) {
            StepContribution c = compressed.gradientContributions(List.of(s).iterator(), at, epoch, globalBatch,
                partitions, batch, sync, null).get(0);
            StepContribution g = plain.gradientContributions(List.of(s).iterator(), at, epoch, globalBatch,
                partitions, batch, sync, null).get(0);
            for (int i = 0; i < n; i++) {
              sent[s.clientId()][i] += c.vector()[i];
              gradients[s.clientId()][i] += g.vector()[i];
            }
            acc.add(c);
          }
          return acc;
        }
      };
      EpochRunner runner = new EpochRunner(o, train.stream().mapToInt(ClientShard::size).toArray());
      io.fedspark.math.optim.Optimizer driver = o.optimizer().create();
      TrainState state = TrainState.initial(
          io.fedspark.math.nn.Model.create(io.fedspark.math.nn.ModelSpec.parse(MODEL), 3).parameters().clone());
      for (int epoch = 1; epoch <= 2; epoch++) {
        state = runner.run(state, epoch, recording, driver, EpochRunner.Progress.NONE).state();
      }
      double held = 0;
      double worst = 0;
      for (int p = 0; p < PARTITIONS; p++) {
        float[] r = state.memory(p).residual();
        for (int i = 0; i < n; i++) {
          held = Math.max(held, Math.abs(r[i]));
          worst = Math.max(worst, Math.abs(gradients[p][i] - r[i] - sent[p][i]) / (1 + Math.abs(gradients[p][i])));
        }
      }
      assertTrue(held > 0.01, what + ": the residuals hold something (" + held + ")");
      assertTrue(worst < 1e-5, what + ": sent = sum of gradients - residual, up to rounding; off by " + worst);
    }
  }
}
