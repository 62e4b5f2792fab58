package io.fedspark.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a launcher of this repository ({@code deploy/bin/fedspark}, {@code fedspark-submit}) as
 * a user would start it: working directory the repository root, stdout and stderr together in a log
 * file, an environment changed only where the test says so. Every wait has a timeout, after which
 * the launcher and everything it started are killed and the test fails with the log's tail: a
 * misconfigured Spark application hangs rather than fails.
 */
final class LauncherProcess {
  /** The repository under test (the failsafe configuration passes it). */
  static final Path ROOT = Path.of(System.getProperty("fedspark.root", "..")).toAbsolutePath().normalize();
  static final Path FEDSPARK = ROOT.resolve("deploy/bin/fedspark");
  static final Path FEDSPARK_SUBMIT = ROOT.resolve("deploy/bin/fedspark-submit");
  /** The build under test (the Spark line's build directory). */
  static final Path BUILD = Path.of(System.getProperty("fedspark.build.dir", ROOT.resolve("deploy/target").toString()));

  /** A finished launcher: its exit status, its whole output and how long it ran. */
  record Run(int exit, String output, Duration took) {}

  private final List<String> command;
  /** Variables to set; a null value removes the variable inherited from this JVM. */
  private final Map<String, String> environment = new LinkedHashMap<>();

  private LauncherProcess(List<String> command) {
    this.command = List.copyOf(command);
  }

  /** {@code deploy/bin/fedspark} with these arguments. */
  static LauncherProcess fedspark(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(FEDSPARK.toString()));
    cmd.addAll(args);
    return new LauncherProcess(cmd);
  }

  /** A whole command line, the launcher first. */
  static LauncherProcess command(List<String> command) {
    return new LauncherProcess(command);
  }

  /** Sets {@code name} to {@code value} in the launcher's environment, or removes it when null. */
  LauncherProcess env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Sets every variable of {@code variables}. */
  LauncherProcess env(Map<String, String> variables) {
    environment.putAll(variables);
    return this;
  }

  /** Removes these variables from the environment this JVM passes on. */
  LauncherProcess without(String... names) {
    for (String name : names) {
      environment.put(name, null);
    }
    return this;
  }

  /** Starts the launcher writing to {@code log} (created with its directories). */
  Process start(Path log) throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    environment.forEach((name, value) -> {
      if (value == null) {
        pb.environment().remove(name);
      } else {
        pb.environment().put(name, value);
      }
    });
    return pb.start();
  }

  /**
   * Starts the launcher and waits for its end, timed from before its start; whatever it started is
   * killed afterwards.
   */
  Run run(Path log, Duration timeout) throws Exception {
    long t0 = System.nanoTime();
    Process p = start(log);
    try {
      Run r = await(p, log, timeout);
      return new Run(r.exit(), r.output(), Duration.ofNanos(System.nanoTime() - t0));
    } finally {
      destroyTree(p);
    }
  }

  /** Waits for {@code p} to end; on timeout kills it with its descendants and fails. */
  static Run await(Process p, Path log, Duration timeout) throws Exception {
    long t0 = System.nanoTime();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      destroyTree(p);
      fail("timed out after " + timeout + ": " + p.info().commandLine().orElse("launcher") + "\n" + tail(log));
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - t0));
  }

  /** Waits until {@code log} contains {@code text}; fails when {@code p} ends before or on timeout. */
  static void awaitLine(Process p, Path log, String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
        return;
      }
      if (!p.isAlive()) {
        fail("the job ended (exit " + p.exitValue() + ") before printing '" + text + "'\n" + tail(log));
      }
      Thread.sleep(100);
    }
    fail("no '" + text + "' within " + timeout + "\n" + tail(log));
  }

  /** Kills {@code p} and every process it started. */
  static void destroyTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** The last 60 lines of {@code file}, headed by its name, for failure messages. */
  static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return "--- " + file + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
