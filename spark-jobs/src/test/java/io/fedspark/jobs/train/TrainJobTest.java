package io.fedspark.jobs.train;

import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.WithHooks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.testing.SparkMaster;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fedspark train on the digits (fast) and MNIST: modes, resume, faults, early stopping, outputs. */
@SparkTest
@SparkMaster("local[2,4]")
class TrainJobTest {
  @TempDir Path dir;

  @BeforeAll
  static void data() {
    TestData.dir(DatasetId.DIGITS);
    TestData.dir(DatasetId.MNIST);
  }

  private TrainJob.Result train(String name, String resume, String... sets) {
    List<String> o = new ArrayList<>(List.of("train.dataset=digits", "train.model=\"mlp:64-32-10\"", "train.epochs=4",
        "train.partitions=3", "train.batch-size=16", "train.local-steps=5", "train.optimizer.learning-rate=0.1"));
    o.addAll(List.of(sets));
    o.add("run.dir=\"" + dir.resolve(name) + "\"");
    var cfg = ConfigLoader.withShippedDefaults().load(null, o);
    return TrainJob.run(new JobContext("train", o, cfg), resume == null ? null : dir.resolve(resume).toString());
  }

  @Test
  void mnistLogisticRegressionReachesNinetyPercentWithEveryOutput() throws Exception {
    var r = train("mnist", null, "train.dataset=mnist", "train.model=\"logreg:784-10\"", "train.epochs=2", "train.batch-size=32",
        "train.local-steps=100", "train.optimizer.learning-rate=0.05", "train.partitions=4");
    assertTrue(r.testAccuracy() >= 0.90, "accuracy " + r.testAccuracy());
    Path run = dir.resolve("mnist");
    for (String f : List.of("metrics.csv", "metrics.json", "metrics.parquet", "accuracy.png", "per-class.csv",
        "confusion-matrix.csv", "provenance.json", TrainJob.CHECKPOINT)) {
      assertTrue(Files.exists(run.resolve(f)), f);
    }
    List<String> confusion = Files.readAllLines(run.resolve("confusion-matrix.csv"));
    long total = 0;
    for (String line : confusion.subList(1, confusion.size())) {
      total += Arrays.stream(line.split(",")).skip(1).mapToLong(Long::parseLong).sum();
    }
    assertEquals(10000, total, "the confusion matrix counts every test example once");
  }

  @Test
  void bothModesLearnAndAreDeterministic() {
    var a = train("a", null, "train.optimizer.kind=adam", "train.optimizer.learning-rate=0.01");
    var b = train("b", null, "train.optimizer.kind=adam", "train.optimizer.learning-rate=0.01");
    assertArrayEquals(a.parameters(), b.parameters(), 0f);
    assertFalse(Arrays.equals(a.parameters(), train("sgd", null).parameters()), "the optimizer setting is honoured");
    assertTrue(a.testAccuracy() > 0.85, "local-sgd accuracy " + a.testAccuracy());
    var s = train("sync", null, "train.mode=sync-gradient", "train.batch-size=48", "train.epochs=6");
    assertTrue(s.testAccuracy() > 0.8, "sync-gradient accuracy " + s.testAccuracy());
  }

  @Test
  void stoppingAfterEpochTwoAndResumingIsBitIdentical() {
    for (String mode : List.of("local-sgd", "sync-gradient")) {
      var full = train("full-" + mode, null, "train.mode=" + mode, "train.batch-size=48");
      var stopped = WithHooks.with(TestHooks.STOP_AFTER, 2, () -> train("part-" + mode, null, "train.mode=" + mode, "train.batch-size=48"));
      assertEquals(2, stopped.epochs());
      var resumed = train("x-" + mode, "part-" + mode, "train.mode=" + mode, "train.batch-size=48");
      assertArrayEquals(full.parameters(), resumed.parameters(), 0f, mode);
      assertEquals(full.testAccuracy(), resumed.testAccuracy(), 0.0, mode);
    }
  }

  @Test
  void injectedTaskFailuresDoNotChangeTheModel() {
    var clean = train("clean", null);
    var faulty = WithHooks.with(TestHooks.FAULT_FRACTION, 0.3, () -> train("faulty", null));
    assertArrayEquals(clean.parameters(), faulty.parameters(), 0f);
  }

  @Test
  void earlyStoppingStopsOnAPlateau() {
    // learning rate 0 (well, the smallest positive): nothing improves after the first evaluation
    var r = train("plateau", null, "train.optimizer.learning-rate=1e-12", "train.epochs=10",
        "train.early-stopping.patience=2", "train.early-stopping.min-delta=0.01");
    assertTrue(r.stoppedEarly());
    assertEquals(3, r.epochs());
    assertFalse(Files.exists(dir.resolve("plateau").resolve("nothing")));
  }
}
