package io.fedspark.deploy;

import static io.fedspark.deploy.LauncherProcess.awaitLine;
import static io.fedspark.deploy.LauncherProcess.destroyTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.deploy.LauncherProcess.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error contract through deploy/bin/fedspark, where Spark's own launcher, logging and shutdown
 * hooks take part (the in-process cases are spark-jobs' HostileInputTest): a failure of any kind
 * ends the output with exactly one {@code fedspark: error: } line and prints no stack frame, also
 * for what happens before fedspark's code runs ({@code --master garbage}), inside Spark tasks
 * (divergence on the executors), in Spark's scheduler (an unreachable master, named within the
 * connect timeout instead of after Spark's minute of retries) and on Ctrl-C.
 */
@Tag("e2e")
class ErrorContractIT {
  private static final List<String> DIGITS = List.of("--set", "federate.dataset=digits", "--set",
      "federate.model=\"mlp:64-16-10\"", "--set", "federate.partition.scheme=iid", "--set", "federate.partition.clients=8",
      "--set", "federate.clients-per-round=4", "--set", "federate.spark-partitions=2");

  /** A 5-minute timeout on every launcher: these jobs take seconds. */
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private static LauncherProcess fedspark(List<String> args) {
    return LauncherProcess.fedspark(args).without("SPARK_HOME").env("FEDSPARK_DRIVER_MEMORY", "1g");
  }

  /** Runs the launcher to its end; its output goes to {@code dir}/launcher.log. */
  private static Run launch(Path dir, List<String> args) throws Exception {
    return fedspark(args).run(dir.resolve("launcher.log"), TIMEOUT);
  }

  /** Exactly one error line, the last, containing {@code says}; no stack frame anywhere. */
  private static void assertOneLine(Run r, int exit, String... says) {
    assertEquals(exit, r.exit(), r.output());
    List<String> lines = r.output().lines().filter(l -> !l.isBlank()).toList();
    List<String> errors = lines.stream().filter(l -> l.startsWith("fedspark: error: ")).toList();
    assertEquals(1, errors.size(), r.output());
    assertEquals(errors.get(0), lines.get(lines.size() - 1), "the error line is the last: " + r.output());
    assertFalse(lines.stream().anyMatch(l -> l.strip().startsWith("at ") || l.contains("Exception in thread")),
        "no stack trace: " + r.output());
    for (String s : says) {
      assertTrue(errors.get(0).contains(s), "'" + s + "' in " + errors.get(0));
    }
  }

  @Test
  void aMasterURLSparkSubmitWouldRejectIsNamedBeforeSparkStarts(@TempDir Path dir) throws Exception {
    Run r = launch(dir, List.of("federate", "--master", "garbage", "--set", "run.dir=\"" + dir.resolve("r") + "\""));
    assertOneLine(r, 2, "--master garbage", "spark://HOST:PORT");
    assertFalse(Files.exists(dir.resolve("r")));
  }

  @Test
  void anUnreachableMasterIsNamedWithinTheConnectTimeout(@TempDir Path dir) throws Exception {
    Run r = launch(dir, List.of("train", "--master", "spark://127.0.0.1:1", "--set", "spark.master-connect-timeout=2",
        "--set", "run.dir=\"" + dir.resolve("r") + "\""));
    assertOneLine(r, 1, "spark://127.0.0.1:1", "does not answer");
    assertTrue(r.took().toMillis() < 40_000, "no minute of Spark's registration retries: " + r.took().toMillis() + " ms");
    assertFalse(Files.exists(dir.resolve("r")));
  }

  @Test
  void divergenceOnTheExecutorsIsNamedOnOneLineWithoutTraces(@TempDir Path dir) throws Exception {
    List<String> args = new ArrayList<>(List.of("federate", "--master", "local[2]", "--set",
        "run.dir=\"" + dir.resolve("f") + "\"", "--set", "federate.rounds=2", "--set", "federate.client.learning-rate=1e30"));
    args.addAll(DIGITS);
    assertOneLine(launch(dir, args), 2, "round 1: client", "lower federate.client.learning-rate");
    assertFalse(Files.exists(dir.resolve("f")), "nothing written before the first checkpoint");

    Run t = launch(dir, List.of("train", "--master", "local[2]", "--set", "run.dir=\"" + dir.resolve("t") + "\"", "--set",
        "train.dataset=digits", "--set", "train.model=\"mlp:64-16-10\"", "--set", "train.epochs=1", "--set",
        "train.partitions=2", "--set", "train.optimizer.learning-rate=1e30"));
    assertOneLine(t, 2, "epoch 1", "partition", "lower train.optimizer.learning-rate");
  }

  @Test
  void ctrlCPrintsOneLine(@TempDir Path dir) throws Exception {
    // A process started in the background by a non-interactive shell (nohup, '&', some CI runners)
    // inherits SIGINT as ignored, and neither a shell nor the JVM can undo that for its children:
    // then there is no Ctrl-C to test.
    Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this environment (inherited from a background"
        + " shell), so a child cannot receive Ctrl-C");
    List<String> args = new ArrayList<>(List.of("federate", "--master", "local[2]", "--set",
        "run.dir=\"" + dir.resolve("f") + "\"", "--set", "federate.rounds=400"));
    args.addAll(DIGITS);
    Path log = dir.resolve("ctrl-c.log");
    Process p = fedspark(args).start(log);
    try {
      awaitLine(p, log, "[federate] round 2/", Duration.ofMinutes(3));
      // the launcher execs the JVM: this process is the driver
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(1, TimeUnit.MINUTES));
    } finally {
      destroyTree(p);
    }
    Run r = new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), Duration.ZERO);
    assertOneLine(r, 130, "interrupted", "--resume");
    assertTrue(Files.exists(dir.resolve("f/checkpoint/state.bin")), "the last checkpoint stays, to resume from");
  }

  /** Whether this process ignores SIGINT (Linux: bit 1 of SigIgn in /proc/self/status). */
  private static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
      }
    }
    return false;
  }
}
