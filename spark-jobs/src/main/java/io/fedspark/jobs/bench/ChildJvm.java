package io.fedspark.jobs.bench;

import io.fedspark.math.blas.OpenBlas;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * A fresh JVM for one measurement, started as a Spark driver is started: this JVM's Java and class
 * path, a given heap limit ({@code -Xmx}), Spark's own Java 17 module options
 * ({@link JavaModuleOptions#defaultModuleOptions()}, the list {@code conf/spark-defaults.conf} and
 * the test JVMs carry), the options under which the math core pins arrays
 * ({@link OpenBlas#PINNING_JVM_OPTIONS}) and the G1 region size of {@code conf/spark-defaults.conf}
 * ({@value #G1_REGION}), plus this JVM's {@code -Dlog4j2.*} settings; {@code SPARK_LOCAL_IP} is
 * 127.0.0.1 unless set, as the launcher starts Spark jobs. Its standard output and
 * error go to a log file; lines that start with {@code [} (fedspark's progress lines) are echoed to
 * a progress stream as they come.
 *
 * @param heapMb the heap limit, MB
 * @param log where the child's output goes
 * @param timeout how long the child may run before it is killed
 * @param extraOptions JVM options added after the others
 */
public record ChildJvm(int heapMb, Path log, Duration timeout, List<String> extraOptions) {
  /** conf/spark-defaults.conf's G1 region size for Spark drivers and executors (see its comment). */
  static final String G1_REGION = "-XX:G1HeapRegionSize=16m";

  public ChildJvm {
    if (heapMb < 64) {
      throw new IllegalArgumentException("child JVM heap " + heapMb + " MB: expected at least 64 MB");
    }
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(timeout, "timeout");
    extraOptions = List.copyOf(extraOptions);
  }

  /** The command line that runs {@code main} with {@code args}. */
  public List<String> command(Class<?> main, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heapMb + "m");
    cmd.add(G1_REGION);
    cmd.addAll(List.of(OpenBlas.PINNING_JVM_OPTIONS.split(" ")));
    cmd.addAll(List.of(JavaModuleOptions.defaultModuleOptions().split(" ")));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-Dlog4j2.")) {
        cmd.add(a);
      }
    }
    cmd.addAll(extraOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(args);
    return cmd;
  }

  /**
   * Runs {@code main} with {@code args} and waits for it; progress lines are echoed to
   * {@code progress} with {@code prefix}. Returns the exit code (-1 if it was killed at the timeout).
   */
  public int run(Class<?> main, List<String> args, PrintStream progress, String prefix) {
    List<String> cmd = command(main, args);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      // as deploy/bin/fedspark starts Spark jobs: bound to loopback unless the user says otherwise
      pb.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
      Process p = pb.start();
      // a benchmark stopped by the user (Ctrl-C) takes its measuring JVM with it
      Thread reaper = new Thread(p::destroy, "fedspark-child-reaper");
      Runtime.getRuntime().addShutdownHook(reaper);
      try {
        return await(p, main, progress, prefix);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running already
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a JVM for " + main.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private int await(Process p, Class<?> main, PrintStream progress, String prefix) {
    try {
      Thread pump = new Thread(() -> pump(p, progress, prefix), "fedspark-child-output");
      pump.setDaemon(true);
      pump.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        pump.join(10_000);
        progress.println(prefix + "killed after " + timeout.toSeconds() + " s; its output is in " + log);
        return -1;
      }
      pump.join(10_000);
      return p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + main.getSimpleName(), e);
    }
  }

  private void pump(Process p, PrintStream progress, String prefix) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(line);
        out.write('\n');
        if (line.startsWith("[")) {
          progress.println(prefix + line);
        }
      }
    } catch (IOException e) {
      progress.println(prefix + "lost the child's output: " + e.getMessage());
    }
  }

  /** The last {@code n} lines of the log (for error messages), or a note that it cannot be read. */
  public String tail(int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(" + log + " cannot be read: " + e.getMessage() + ")";
    }
  }
}
