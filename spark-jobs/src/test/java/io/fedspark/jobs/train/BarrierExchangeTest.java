package io.fedspark.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.WithHooks;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.testing.LogCapture;
import io.fedspark.jobs.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train.exchange = barrier} (one gang-scheduled stage per epoch, tasks exchanging their
 * contributions) gives the model of {@code train.exchange = jobs} bit for bit, and the same metrics,
 * whatever the number of executor threads, in both modes; a failed barrier stage is rerun from the
 * epoch's start and changes nothing; a checkpoint of the jobs mode resumes in barrier mode
 * bit-identically; all of this also with compressed local-SGD updates and compressed sync-gradient
 * gradients ({@code train.compression}); with fewer task slots than partitions each task runs
 * several partitions and the model is again the same; under dynamic allocation (no barrier stages)
 * the epochs run as jobs, with the same model and one warning.
 */
@Tag("spark")
class BarrierExchangeTest {
  @TempDir Path dir;

  @BeforeAll
  static void data() {
    TestData.dir(DatasetId.DIGITS);
    TestData.dir(DatasetId.MNIST);
  }

  /** A fedspark train run's parameters, test accuracy and metrics.csv without its timing columns. */
  private record Run(float[] params, double accuracy, List<String> metrics) {}

  /** Runs {@code runs} on one session of {@code master}, then stops it. */
  private <T> T onMaster(String master, Function<String, T> runs) {
    try {
      return runs.apply(master);
    } finally {
      SparkSession.active().stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  private Run train(String master, String name, List<String> base, String... sets) {
    return train(master, name, null, base, sets);
  }

  /** @param resume the run directory name to continue, or null */
  private Run train(String master, String name, String resume, List<String> base, String... sets) {
    List<String> o = new ArrayList<>(base);
    o.addAll(List.of(sets));
    o.add("spark.master=\"" + master + "\"");
    o.add("run.dir=\"" + dir.resolve(name) + "\"");
    var cfg = ConfigLoader.withShippedDefaults().load(null, o);
    TrainJob.Result r = TrainJob.run(new JobContext("train", o, cfg), resume == null ? null
        : dir.resolve(resume).toString());
    try {
      List<String> metrics = new ArrayList<>();
      // a resumed run writes into the directory it continues
      for (String line : Files.readAllLines(dir.resolve(resume == null ? name : resume).resolve("metrics.csv"))) {
        String[] f = line.split(",", -1);
        // epoch, steps, train loss and accuracy, test loss and accuracy, bytes per sync: not examples/s and seconds
        metrics.add(String.join(",", List.of(f).subList(0, 6)) + "," + f[8]);
      }
      return new Run(r.parameters(), r.testAccuracy(), metrics);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void same(Run want, Run got, String what) {
    assertArrayEquals(want.params(), got.params(), 0f, what);
    assertEquals(want.accuracy(), got.accuracy(), 0.0, what);
    assertEquals(want.metrics(), got.metrics(), what);
  }

  private static final List<String> DIGITS = List.of("train.dataset=digits", "train.model=\"mlp:64-32-10\"",
      "train.epochs=3", "train.partitions=2", "train.batch-size=16", "train.local-steps=5");
  private static final List<String> LOCAL_ADAMW = List.of("train.mode=local-sgd", "train.optimizer.kind=adamw",
      "train.optimizer.learning-rate=0.01");
  private static final List<String> SYNC_MOMENTUM = List.of("train.mode=sync-gradient", "train.batch-size=40",
      "train.optimizer.learning-rate=0.1");

  private List<Run> bothModes(String master, String exchange, int partitions) {
    List<String> local = new ArrayList<>(DIGITS);
    local.addAll(LOCAL_ADAMW);
    local.add("train.partitions=" + partitions);
    List<String> sync = new ArrayList<>(DIGITS);
    sync.addAll(SYNC_MOMENTUM);
    sync.add("train.partitions=" + partitions);
    String tag = master.replaceAll("[^0-9]", "") + exchange + partitions;
    return List.of(train(master, "l" + tag, local, "train.exchange=" + exchange),
        train(master, "s" + tag, sync, "train.exchange=" + exchange));
  }

  @Test
  void barrierEqualsJobsBitForBitOnOneTwoAndThreeExecutorThreads() {
    List<Run> jobs = onMaster("local[1]", m -> {
      List<Run> both = new ArrayList<>(bothModes(m, "jobs", 2));
      both.addAll(bothModes(m, "jobs", 3));
      return both;
    });
    List<Run> two = onMaster("local[2]", m -> bothModes(m, "barrier", 2));
    List<Run> three = onMaster("local[3]", m -> {
      List<Run> both = new ArrayList<>(bothModes(m, "barrier", 2));
      both.addAll(bothModes(m, "barrier", 3));
      return both;
    });
    for (int i = 0; i < 2; i++) {
      String mode = i == 0 ? "local-sgd" : "sync-gradient";
      same(jobs.get(i), two.get(i), mode + ": 2 partitions, jobs on local[1] vs barrier on local[2]");
      same(jobs.get(i), three.get(i), mode + ": 2 partitions, jobs on local[1] vs barrier on local[3]");
      same(jobs.get(2 + i), three.get(2 + i), mode + ": 3 partitions (a ring of 3), jobs on local[1] vs barrier on local[3]");
      assertTrue(two.get(i).accuracy() > 0.8, mode + " learns: " + two.get(i).accuracy());
      assertEquals(4, two.get(i).metrics().size(), "a header and 3 epochs");
    }
  }

  @Test
  void aFailedBarrierStageIsRerunFromTheEpochStartAndChangesNothing() {
    List<String> local = new ArrayList<>(DIGITS);
    local.addAll(LOCAL_ADAMW);
    List<String> sync = new ArrayList<>(DIGITS);
    sync.addAll(SYNC_MOMENTUM);
    onMaster("local[2,4]", m -> {
      for (List<String> cfg : List.of(local, sync)) {
        String name = cfg == local ? "local" : "sync";
        Run jobs = train(m, "jobs-" + name, cfg, "train.exchange=jobs");
        Run faulty = WithHooks.with(TestHooks.FAULT_FRACTION, 0.3,
            () -> train(m, "faulty-" + name, cfg, "train.exchange=barrier"));
        same(jobs, faulty, name + ": barrier with failed stages vs clean jobs");
      }
      // a checkpoint of one exchange resumes in the other: jobs stopped after epoch 2, barrier continues
      WithHooks.with(TestHooks.STOP_AFTER, 2, () -> train(m, "stopped", sync, "train.exchange=jobs"));
      Run resumed = train(m, "x", "stopped", sync, "train.exchange=barrier");
      same(train(m, "full", sync, "train.exchange=jobs"), resumed, "sync: jobs for 2 epochs, then barrier after resume");
      return null;
    });
  }

  private static final List<String> TOP_K = List.of("train.compression.method=top-k",
      "train.compression.top-k.fraction=0.05");
  private static final List<String> THRESHOLD = List.of("train.compression.method=threshold",
      "train.compression.threshold.tau=0.02");

  /** The digits local-SGD (AdamW) configuration with {@code compression} and {@code partitions}. */
  private static List<String> compressed(List<String> compression, int partitions) {
    return digits(LOCAL_ADAMW, compression, partitions);
  }

  /** The digits configuration in {@code mode} with {@code compression} and {@code partitions}. */
  private static List<String> digits(List<String> mode, List<String> compression, int partitions) {
    List<String> cfg = new ArrayList<>(DIGITS);
    cfg.addAll(mode);
    cfg.addAll(compression);
    cfg.add("train.partitions=" + partitions);
    return cfg;
  }

  @Test
  void compressedUpdatesGiveOneModelForEveryExchangeExecutorCountFailureAndResume() {
    // jobs on one executor thread is the reference; each partition's residual and optimizer state travel with it
    List<Run> jobs = onMaster("local[1]", m -> List.of(train(m, "cj-topk", compressed(TOP_K, 2), "train.exchange=jobs"),
        train(m, "cj-thr", compressed(THRESHOLD, 3), "train.exchange=jobs")));
    List<Run> barrier = onMaster("local[3]", m -> List.of(
        train(m, "cb-topk", compressed(TOP_K, 2), "train.exchange=barrier"),
        train(m, "cb-thr", compressed(THRESHOLD, 3), "train.exchange=barrier")));
    same(jobs.get(0), barrier.get(0), "top-k, 2 partitions: jobs on local[1] vs barrier on local[3]");
    same(jobs.get(1), barrier.get(1), "threshold, 3 partitions: jobs on local[1] vs barrier on local[3]");
    onMaster("local[2,4]", m -> {
      Run faulty = WithHooks.with(TestHooks.FAULT_FRACTION, 0.3,
          () -> train(m, "cf-topk", compressed(TOP_K, 2), "train.exchange=barrier"));
      same(jobs.get(0), faulty, "top-k: barrier with failed stages vs clean jobs");
      // barrier stopped after epoch 2 (residuals in the checkpoint), resumed in jobs mode
      WithHooks.with(TestHooks.STOP_AFTER, 2, () -> train(m, "cs-topk", compressed(TOP_K, 2), "train.exchange=barrier"));
      same(jobs.get(0), train(m, "x", "cs-topk", compressed(TOP_K, 2), "train.exchange=jobs"),
          "top-k: barrier for 2 epochs, then jobs after resume");
      return null;
    });
    Run uncompressed = onMaster("local[2]", m -> train(m, "c-none", compressed(List.of(), 2), "train.exchange=jobs"));
    for (Run r : List.of(jobs.get(0), jobs.get(1))) {
      assertTrue(r.accuracy() > 0.8, "compressed local SGD learns: " + r.accuracy());
    }
    double none = Double.parseDouble(uncompressed.metrics().get(1).split(",")[6]);
    double topK = Double.parseDouble(jobs.get(0).metrics().get(1).split(",")[6]);
    // mlp:64-32-10 has 2,410 parameters: uncompressed, parameters and AdamW's two moments; top-k 5%, 121 pairs
    assertTrue(none > 3 * 4 * 2410 && topK < 5 + 4 + 8 * 121 + 100, none + " vs " + topK);
  }

  /** Threshold encoding of sync-gradient's gradients: tau is a gradient magnitude there. */
  private static final List<String> GRADIENT_THRESHOLD = List.of("train.compression.method=threshold",
      "train.compression.threshold.tau=0.05");

  /** The digits sync-gradient (SGD with momentum) configuration with {@code compression} and {@code partitions}. */
  private static List<String> compressedGradients(List<String> compression, int partitions) {
    return digits(SYNC_MOMENTUM, compression, partitions);
  }

  @Test
  void compressedGradientsGiveOneModelForEveryExchangeExecutorCountRetryAndResume() {
    // sync-gradient: each partition's residual travels with it, the driver's (every task's) momentum is unchanged
    List<Run> jobs = onMaster("local[1]", m -> List.of(
        train(m, "gj-topk", compressedGradients(TOP_K, 2), "train.exchange=jobs"),
        train(m, "gj-thr", compressedGradients(GRADIENT_THRESHOLD, 3), "train.exchange=jobs")));
    Run two = onMaster("local[2]", m -> train(m, "gb2-topk", compressedGradients(TOP_K, 2), "train.exchange=barrier"));
    List<Run> three = onMaster("local[3]", m -> List.of(
        train(m, "gb3-topk", compressedGradients(TOP_K, 2), "train.exchange=barrier"),
        train(m, "gb3-thr", compressedGradients(GRADIENT_THRESHOLD, 3), "train.exchange=barrier")));
    same(jobs.get(0), two, "sync-gradient top-k, 2 partitions: jobs on local[1] vs barrier on local[2]");
    same(jobs.get(0), three.get(0), "sync-gradient top-k, 2 partitions: jobs on local[1] vs barrier on local[3]");
    same(jobs.get(1), three.get(1), "sync-gradient threshold, 3 partitions: jobs on local[1] vs barrier on local[3]");
    onMaster("local[2,4]", m -> {
      Run faultyBarrier = WithHooks.with(TestHooks.FAULT_FRACTION, 0.3,
          () -> train(m, "gf-topk", compressedGradients(TOP_K, 2), "train.exchange=barrier"));
      same(jobs.get(0), faultyBarrier, "sync-gradient top-k: barrier with failed stages vs clean jobs");
      Run faultyJobs = WithHooks.with(TestHooks.FAULT_FRACTION, 0.3,
          () -> train(m, "gfj-thr", compressedGradients(GRADIENT_THRESHOLD, 3), "train.exchange=jobs"));
      same(jobs.get(1), faultyJobs, "sync-gradient threshold: jobs with retried tasks vs clean jobs");
      // stopped after epoch 2 (residuals and momentum in the checkpoint), resumed in the other exchange
      WithHooks.with(TestHooks.STOP_AFTER, 2,
          () -> train(m, "gs-topk", compressedGradients(TOP_K, 2), "train.exchange=barrier"));
      same(jobs.get(0), train(m, "x", "gs-topk", compressedGradients(TOP_K, 2), "train.exchange=jobs"),
          "sync-gradient top-k: barrier for 2 epochs, then jobs after resume");
      WithHooks.with(TestHooks.STOP_AFTER, 2,
          () -> train(m, "gs-thr", compressedGradients(GRADIENT_THRESHOLD, 3), "train.exchange=jobs"));
      same(jobs.get(1), train(m, "y", "gs-thr", compressedGradients(GRADIENT_THRESHOLD, 3), "train.exchange=jobs"),
          "sync-gradient threshold: jobs for 2 epochs, then jobs after resume");
      return null;
    });
    Run uncompressed = onMaster("local[2]", m -> train(m, "g-none", compressedGradients(List.of(), 2),
        "train.exchange=jobs"));
    for (Run r : List.of(jobs.get(0), jobs.get(1))) {
      assertTrue(r.accuracy() > 0.8, "compressed sync-gradient learns: " + r.accuracy());
    }
    for (int epoch = 1; epoch <= 3; epoch++) {
      double none = Double.parseDouble(uncompressed.metrics().get(epoch).split(",")[6]);
      double topK = Double.parseDouble(jobs.get(0).metrics().get(epoch).split(",")[6]);
      double threshold = Double.parseDouble(jobs.get(1).metrics().get(epoch).split(",")[6]);
      // mlp:64-32-10 has 2,410 parameters: a 48-byte header, then the gradient dense, or top-k 5%'s 121 pairs
      assertEquals(48 + 5 + 4 * 2410, none, 0.0, "uncompressed bytes_per_sync");
      assertEquals(48 + 5 + 4 + 8 * 121, topK, 0.0, "top-k bytes_per_sync");
      // threshold: one shared magnitude, then an int per coordinate sent
      assertTrue(threshold < none / 2, "threshold bytes_per_sync " + threshold + " vs " + none);
    }
  }

  @Test
  void fewerTaskSlotsThanPartitionsRunSeveralPartitionsPerTaskWithTheSameModel() {
    List<Run> jobs = onMaster("local[2]", m -> bothModes(m, "jobs", 3));
    // 3 partitions in 1 task (local[1]) and in 2 tasks of 2 and 1 partitions (local[2])
    List<Run> one = onMaster("local[1]", m -> bothModes(m, "barrier", 3));
    List<Run> two = onMaster("local[2]", m -> bothModes(m, "barrier", 3));
    for (int i = 0; i < 2; i++) {
      String mode = i == 0 ? "local-sgd" : "sync-gradient";
      same(jobs.get(i), one.get(i), mode + ": 3 partitions, jobs vs barrier in one task on local[1]");
      same(jobs.get(i), two.get(i), mode + ": 3 partitions, jobs vs barrier in two tasks on local[2]");
    }
  }

  @Test
  void underDynamicAllocationEveryEpochRunsAsJobsWithTheSameModelAndOneWarning() {
    List<String> local = new ArrayList<>(DIGITS);
    local.addAll(LOCAL_ADAMW);
    Run jobs = onMaster("local[2]", m -> train(m, "dj", local, "train.exchange=jobs"));
    try (LogCapture log = LogCapture.begin()) {
      Run dynamic = onMaster("local[2]", m -> train(m, "db", local, "train.exchange=barrier",
          "spark.dynamicAllocation.enabled=true"));
      same(jobs, dynamic, "barrier under dynamic allocation vs jobs");
      List<String> warnings = log.messages().stream()
          .filter(m -> m.contains("train.exchange = barrier: epoch 1 runs as one Spark job per synchronisation"
              + " (the same model): Spark runs no barrier stage under spark.dynamicAllocation.enabled = true"))
          .toList();
      assertEquals(1, warnings.size(), String.join("\n", log.messages()));
    }
  }

  @Test
  @Tag("slow")
  void mnistMlpAndLenet5TrainToTheirBarsIdenticallyInBothExchanges() {
    List<String> mlp = List.of("train.dataset=mnist", "train.model=\"mlp:784-200-10\"", "train.epochs=2",
        "train.partitions=2", "train.batch-size=32", "train.local-steps=50", "train.optimizer.learning-rate=0.05");
    List<String> lenet = List.of("train.dataset=mnist", "train.model=lenet5", "train.epochs=1", "train.partitions=2",
        "train.batch-size=64", "train.local-steps=50", "train.optimizer.learning-rate=0.02");
    onMaster("local[2]", m -> {
      Run mlpJobs = train(m, "mlp-jobs", mlp, "train.exchange=jobs");
      Run mlpBarrier = train(m, "mlp-barrier", mlp, "train.exchange=barrier");
      same(mlpJobs, mlpBarrier, "MNIST mlp:784-200-10");
      assertTrue(mlpBarrier.accuracy() >= 0.97, "MLP test accuracy after 2 epochs " + mlpBarrier.accuracy());
      Run lenetJobs = train(m, "lenet-jobs", lenet, "train.exchange=jobs");
      Run lenetBarrier = train(m, "lenet-barrier", lenet, "train.exchange=barrier");
      same(lenetJobs, lenetBarrier, "MNIST LeNet-5");
      assertTrue(lenetBarrier.accuracy() >= 0.97, "LeNet-5 test accuracy after 1 epoch " + lenetBarrier.accuracy());
      return null;
    });
  }
}
