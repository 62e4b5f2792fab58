package io.fedspark.jobs.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.engine.CheckpointCodec;
import io.fedspark.federated.train.TrainCheckpoint;
import io.fedspark.jobs.testing.SparkTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The error contract under hostile input ({@link ErrorContract}), one table a group, all on one
 * local session and one set of {@link HostileFixtures}: configuration, data, the command line, the
 * file system and divergence, and resume (rejected ones, and the one accepted resume that must
 * finish bit-identically to a run never stopped).
 */
@SparkTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {
  private HostileFixtures t;

  @BeforeAll
  void fixtures(SparkSession spark) throws Exception {
    t = HostileFixtures.create(spark);
  }

  @AfterAll
  void cleanUp() throws Exception {
    if (t != null) {
      t.delete();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"io.fedspark.jobs.cli.hostile.ConfigurationCases#cases", "io.fedspark.jobs.cli.hostile.DataCases#cases",
      "io.fedspark.jobs.cli.hostile.CommandLineCases#cases", "io.fedspark.jobs.cli.hostile.FileSystemCases#cases"})
  void hostileInputEndsWithOneLineAndLeavesNoOutput(HostileCase c) throws Exception {
    ErrorContract.rejects(c, t);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.fedspark.jobs.cli.hostile.ResumeCases#cases")
  void aRejectedResumeLeavesTheRunDirectoryByteIdentical(ResumeCase c) throws Exception {
    ErrorContract.rejectsResume(c, t);
  }

  @Test
  void resumeAloneRecoversTheConfigurationRemovesOrphansAndFinishesBitIdentically() throws Exception {
    // metrics never ahead of the checkpoint: the stopped runs have one row per checkpointed round/epoch
    assertEquals(2, Files.readAllLines(t.federateRun().resolve("metrics.csv")).size(), "header + round 1");
    assertEquals(1, CheckpointCodec.read(Files.newInputStream(t.federateRun().resolve("checkpoint/state.bin")), "state")
        .completedRounds());
    assertEquals(2, Files.readAllLines(t.trainRun().resolve("metrics.csv")).size(), "header + epoch 1");

    Path clean = t.root().resolve("clean-federate");
    assertEquals(0, ErrorContract.run(t.federateArgs("csv", clean, "federate.rounds=3")).code());
    Path resumed = t.root().resolve("resumed-federate");
    ErrorContract.copy(t.federateRun(), resumed);
    Files.writeString(resumed.resolve("checkpoint/._state.bin.0b1c.tmp"), "half a checkpoint");
    Files.writeString(resumed.resolve("._metrics.csv.77aa.tmp"), "half a table");
    ErrorContract.Outcome o = ErrorContract.run(List.of("federate", "--resume", resumed.toString()));
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("removed 2 temporary files"), o.out());
    assertEquals(List.of(), ErrorContract.temporaryFiles(resumed));
    var a = CheckpointCodec.read(Files.newInputStream(clean.resolve("checkpoint/state.bin")), "clean");
    var b = CheckpointCodec.read(Files.newInputStream(resumed.resolve("checkpoint/state.bin")), "resumed");
    assertEquals(3, b.completedRounds());
    assertTrue(Arrays.equals(a.global(), b.global()), "bit-identical to the clean run");
    assertEquals(Files.readString(clean.resolve("skew-report.csv")),
        Files.readString(resumed.resolve("skew-report.csv")));

    Path cleanTrain = t.root().resolve("clean-train");
    assertEquals(0, ErrorContract.run(t.trainArgs("csv", cleanTrain, "train.epochs=3")).code());
    Path resumedTrain = t.root().resolve("resumed-train");
    ErrorContract.copy(t.trainRun(), resumedTrain);
    // a setting that does not change the result may differ on resume
    ErrorContract.Outcome r =
        ErrorContract.run(List.of("train", "--resume", resumedTrain.toString(), "--set", "spark.master=\"local[1]\""));
    assertEquals(0, r.code(), r.err());
    var ca = TrainCheckpoint.fromBytes(Files.readAllBytes(cleanTrain.resolve("checkpoint/train-state.bin")), "clean");
    var cb =
        TrainCheckpoint.fromBytes(Files.readAllBytes(resumedTrain.resolve("checkpoint/train-state.bin")), "resumed");
    assertEquals(3, cb.epoch());
    assertTrue(Arrays.equals(ca.state().params(), cb.state().params()), "bit-identical to the clean run");
  }
}
