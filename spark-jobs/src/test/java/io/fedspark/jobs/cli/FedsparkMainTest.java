package io.fedspark.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.provenance.BuildInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line, without Spark (all fail before a session starts). */
class FedsparkMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return FedsparkMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpAndVersionSucceed() {
    assertEquals(0, run("help"));
    String help = out.toString(StandardCharsets.UTF_8);
    assertTrue(help.contains("Usage: fedspark"), help);
    for (io.fedspark.jobs.JobKind k : io.fedspark.jobs.JobKind.values()) {
      assertTrue(help.contains(k.configName()), "every job is a command: " + k);
    }
    assertTrue(help.contains("predict") && help.contains("export"), "the saved models' commands: " + help);
    assertTrue(LaunchTable.lines().contains("predict\tspark") && LaunchTable.lines().contains("export\tjvm"),
        "predict goes through spark-submit, export runs in a plain JVM: " + LaunchTable.lines());
    out.reset();
    assertEquals(0, run("predict", "--help"));
    String predictHelp = out.toString(StandardCharsets.UTF_8);
    assertTrue(predictHelp.contains("Usage: fedspark predict") && predictHelp.contains("MODEL DATA")
        && predictHelp.contains("--set=KEY=VALUE"), predictHelp);
    out.reset();
    assertEquals(0, run("export", "--help"));
    String exportHelp = out.toString(StandardCharsets.UTF_8);
    assertTrue(exportHelp.contains("--format=onnx|dl4j"), exportHelp);
    out.reset();
    assertEquals(0, run("train", "--help"));
    String trainHelp = out.toString(StandardCharsets.UTF_8);
    assertTrue(trainHelp.contains("--resume=DIR") && trainHelp.contains("--set=KEY=VALUE"), trainHelp);
    out.reset();
    assertEquals(0, run("unlearn", "--help"));
    assertFalse(out.toString(StandardCharsets.UTF_8).contains("--resume"), "only resumable jobs take --resume");
    out.reset();
    assertEquals(0, run("version"));
    String o = out.toString(StandardCharsets.UTF_8);
    assertTrue(o.contains("fedspark 0.1.0-SNAPSHOT"), o);
    assertTrue(o.contains("math backend: "), o);
    // the Spark this build was made for, and its line (3.5 by default, 4 with -Pspark4)
    String scala = BuildInfo.scalaBinaryVersion();
    assertTrue(o.contains("spark " + BuildInfo.builtSparkVersion() + " (scala " + scala + "."), o);
    assertTrue(o.contains("the Spark " + BuildInfo.sparkLine() + " / Scala " + scala + " build"), o);
  }

  @Test
  void badConfigurationExitsWithTwoBeforeAnyWorkAndWritesNothing(@TempDir Path dir) throws Exception {
    Path runDir = dir.resolve("run");
    assertEquals(2, run("demo", "--set", "federate.roundz=3", "--set", "run.dir=\"" + runDir + "\""));
    assertTrue(err().contains("unknown configuration key 'federate.roundz'"), err());
    assertTrue(err().contains("did you mean 'federate.rounds'"), err());
    assertFalse(err().contains("at io.fedspark"), "no stack trace without --verbose: " + err());
    assertFalse(Files.exists(runDir));

    err.reset();
    assertEquals(2, run("train", "--set", "train.batch-size=-1"));
    assertTrue(err().startsWith("fedspark: error: train.batch-size = -1"), err());
  }

  @Test
  void unknownCommandsOptionsAndDatasetsAreUserErrors() {
    assertEquals(2, run("federate-all-the-things"));
    assertTrue(err().contains("Unmatched argument at index 0: 'federate-all-the-things'"), err());
    err.reset();
    assertEquals(2, run("demo", "--frobnicate"));
    assertTrue(err().contains("Unknown option: '--frobnicate'"), err());
    assertTrue(err().contains("see 'fedspark demo --help'"), err());
    err.reset();
    assertEquals(2, run("data", "fetch", "cifar10"));
    assertTrue(err().contains("'cifar10': expected one of mnist | fashion-mnist | digits"), err());
    err.reset();
    assertEquals(2, run("demo", "extra-arg"));
    assertTrue(err().contains("config file extra-arg: no such file"), err());
    err.reset();
    assertEquals(2, run("demo", "a.conf", "b.conf"));
    assertTrue(err().contains("Unmatched argument"), err());
    err.reset();
    assertEquals(2, run("bench", "gpu"));
    assertTrue(err().contains("math, federate, train"), err());
  }

  @Test
  void verboseShowsTheStackTrace() {
    assertEquals(2, run("demo", "--verbose", "--set", "federate.roundz=3"));
    assertTrue(err().contains("at io.fedspark"), err());
  }

  @Test
  void aContextSparkStoppedUnderTheRunIsNamedWithTheMaster() {
    // What a driver refused by an authenticated standalone master ends with, wrapped as a job wraps it.
    RuntimeException e = new RuntimeException("train failed", new IllegalStateException(
        "Cannot call methods on a stopped SparkContext.\nThis stopped SparkContext was created at:\n\n"
            + "org.apache.spark.SparkContext.<init>(SparkContext.scala:84)"));
    String m = FailureMessage.of(e, null);
    assertEquals(FailureMessage.stoppedContext(io.fedspark.jobs.SparkSessions.startedMaster().orElse(null)), m);
    assertTrue(m.startsWith("Spark stopped the application before the run ended: "), m);
    assertTrue(FailureMessage.stoppedContext("spark://127.0.0.1:7077").contains(
        "the Spark master spark://127.0.0.1:7077 refused or dropped this application"), m);
    assertFalse(FailureMessage.stoppedContext("local[2]").contains("master"), "no master is blamed in local mode");
    assertEquals(1, FedsparkMain.report(e, false, new PrintStream(err, true, StandardCharsets.UTF_8)));
    assertEquals(1, err().lines().count(), err());
    assertFalse(err().contains("SparkContext.scala"), "no creation site: " + err());
  }
}
