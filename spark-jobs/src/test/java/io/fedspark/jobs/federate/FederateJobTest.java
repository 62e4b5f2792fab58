package io.fedspark.jobs.federate;

import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.WithHooks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.federated.engine.CheckpointCodec;
import io.fedspark.federated.engine.RoundMetrics;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.testing.SparkMaster;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federate job on the sklearn digits (fast): Spark and in-process backends agree bit for bit,
 * a stopped run resumes bit-identically, injected task failures change nothing, outputs exist.
 */
@SparkTest
@SparkMaster("local[2,4]") // 2 threads, up to 4 attempts per task (local mode's retry setting)
class FederateJobTest {
  @TempDir Path dir;

  private static final List<String> BASE = List.of(
      "federate.dataset=digits", "federate.model=\"mlp:64-32-10\"", "federate.rounds=4", "federate.clients-per-round=4",
      "federate.partition.clients=20", "federate.partition.scheme=dirichlet", "federate.partition.beta=0.5",
      "federate.partition.min-examples=10", "federate.client.local-epochs=5", "federate.client.batch-size=10",
      "federate.client.learning-rate=0.1", "federate.spark-partitions=5");

  @BeforeAll
  static void data() {
    TestData.dir(DatasetId.DIGITS);
  }

  private FederateJob.Result federate(String name, String resume, String... sets) {
    List<String> o = new ArrayList<>(BASE);
    o.addAll(List.of(sets));
    o.add("run.dir=\"" + dir.resolve(name) + "\"");
    var cfg = ConfigLoader.withShippedDefaults().load(null, o);
    return FederateJob.run(new JobContext("federate", o, cfg), resume == null ? null : dir.resolve(resume).toString());
  }

  @Test
  void sparkAndInProcessBackendsGiveBitIdenticalModelsAndWriteEveryOutput() throws Exception {
    var spark = federate("spark", null);
    var local = federate("local", null, "federate.backend=in-process", "federate.in-process-threads=3");
    assertArrayEquals(local.state().global(), spark.state().global(), 0f);
    assertTrue(spark.finalAccuracy() > 0.6, "digits accuracy after 4 rounds: " + spark.finalAccuracy());

    Path run = dir.resolve("spark");
    for (String f : List.of("metrics.csv", "metrics.json", "accuracy.png", "skew-report.csv", "skew-summary.json",
        "provenance.json", "checkpoint/state.bin", "metrics.parquet")) {
      assertTrue(Files.exists(run.resolve(f)), f);
    }
    List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals(5, csv.size());
    RoundMetrics r4 = RoundMetrics.fromCsv(csv.get(4));
    assertEquals(4, r4.round());
    assertEquals(4, r4.cohort().length);
    assertEquals(4 * 4L * spark.state().global().length, r4.bytesDown());
    assertEquals(21, Files.readAllLines(run.resolve("skew-report.csv")).size());
    try (InputStream in = Files.newInputStream(run.resolve("checkpoint/state.bin"))) {
      assertArrayEquals(spark.state().global(), CheckpointCodec.read(in, "state.bin").global(), 0f);
    }
  }

  @Test
  void aStoppedRunResumesBitIdentically() {
    var full = federate("full", null, "federate.strategy.kind=fedadam");
    var stopped = WithHooks.with(TestHooks.STOP_AFTER, 2, () -> federate("resumable", null, "federate.strategy.kind=fedadam"));
    assertNull(stopped.state());
    var resumed = federate("ignored", "resumable", "federate.strategy.kind=fedadam");
    assertEquals(4, resumed.state().completedRounds());
    assertArrayEquals(full.state().global(), resumed.state().global(), 0f);
    assertEquals(full.state().history().size(), resumed.state().history().size());
  }

  @Test
  void resumingWithAnotherConfigurationIsRefused() {
    WithHooks.with(TestHooks.STOP_AFTER, 1, () -> federate("first", null));
    var e = assertThrows(io.fedspark.jobs.cli.UserInputException.class,
        () -> federate("second", "first", "federate.client.learning-rate=0.07"));
    assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
  }

  @Test
  void injectedTaskFailuresAreRetriedWithoutChangingTheModel() {
    var clean = federate("clean", null);
    var faulty = WithHooks.with(TestHooks.FAULT_FRACTION, 0.4, () -> federate("faulty", null));
    assertArrayEquals(clean.state().global(), faulty.state().global(), 0f);
  }

  @Test
  void curriculumRunRecordsPacingAndClientPools() throws Exception {
    var r = federate("curriculum", null, "federate.curriculum.enabled=true", "federate.curriculum.client-ordering=curriculum",
        "federate.curriculum.scoring-model=expert", "federate.curriculum.expert.epochs=1", "federate.strategy.kind=fedprox");
    RoundMetrics first = r.state().history().get(0);
    assertTrue(first.clientPool() >= 4 && first.clientPool() <= 20, "pool " + first.clientPool());
    assertTrue(first.pacedMin() >= 1 && first.pacedMin() <= first.pacedMax(), first.toCsv());
    assertFalse(Double.isNaN(first.cohortMeanScore()), "curriculum rounds report the cohort's mean score");
    for (float v : r.state().global()) {
      assertTrue(Float.isFinite(v));
    }
  }
}
