package io.fedspark.federated.data;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands as child processes with {@link ProcessBuilder}: standard error merged into
 * standard output and captured (the last {@value #KEPT_OUTPUT_BYTES} bytes), standard input
 * closed, the process tree killed when the time limit passes. Package clients are told not to
 * prompt or decorate their output ({@code DEBIAN_FRONTEND=noninteractive}, no npm progress bar or
 * update notice).
 */
public final class ProcessCommandRunner implements CommandRunner {
  /** How much of a command's output is kept. */
  public static final int KEPT_OUTPUT_BYTES = 256 * 1024;

  private static final Map<String, String> QUIET_ENVIRONMENT = Map.of(
      "DEBIAN_FRONTEND", "noninteractive",
      "NPM_CONFIG_PROGRESS", "false",
      "NPM_CONFIG_UPDATE_NOTIFIER", "false",
      "NPM_CONFIG_FUND", "false");

  @Override
  public CommandResult run(List<String> command, Path workingDirectory, Duration timeout)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workingDirectory.toFile())
        .redirectErrorStream(true);
    builder.environment().putAll(QUIET_ENVIRONMENT);
    Process process = builder.start();
    process.getOutputStream().close();
    OutputCollector collector = new OutputCollector(process.getInputStream());
    Thread reader = new Thread(collector, "output of " + command.get(0));
    reader.setDaemon(true);
    reader.start();
    try {
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        kill(process);
      }
      // A grandchild that inherited the pipe can keep it open: do not wait for it forever.
      reader.join(5_000);
      return new CommandResult(
          command, finished ? process.exitValue() : -1, !finished, collector.text());
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException(
          "interrupted while running " + String.join(" ", command));
      interrupted.initCause(e);
      throw interrupted;
    }
  }

  /** Looks the program up on the {@code PATH} (or checks the path itself if it has a slash). */
  @Override
  public boolean isInstalled(String program) {
    if (program.contains(File.separator)) {
      return Files.isExecutable(Paths.get(program));
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, program))
          && !Files.isDirectory(Paths.get(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Drains a process's output, keeping the end of it. */
  private static final class OutputCollector implements Runnable {
    private final InputStream in;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean dropped;

    OutputCollector(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          append(buffer, n);
        }
      } catch (IOException e) {
        // The process was killed or closed its output; what was read is kept.
      }
    }

    private synchronized void append(byte[] buffer, int n) {
      kept.write(buffer, 0, n);
      if (kept.size() > 2 * KEPT_OUTPUT_BYTES) {
        byte[] all = kept.toByteArray();
        kept.reset();
        kept.write(all, all.length - KEPT_OUTPUT_BYTES, KEPT_OUTPUT_BYTES);
        dropped = true;
      }
    }

    synchronized String text() {
      String text = kept.toString(StandardCharsets.UTF_8);
      return dropped ? "[earlier output dropped]\n" + text : text;
    }
  }
}
