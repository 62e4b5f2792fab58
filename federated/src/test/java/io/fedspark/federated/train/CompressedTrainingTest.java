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
 * Local SGD with compressed updates ({@code train.compression}) on a thread-pool backend: it learns,
 * sends a fraction of the uncompressed bytes, gives the same model for any number of threads, and a
 * run resumed from a checkpoint (which carries every partition's residual and optimizer state)
 * ends bit-identical to the uninterrupted run.
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
}
