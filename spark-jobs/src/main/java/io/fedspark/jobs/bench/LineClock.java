package io.fedspark.jobs.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * When each line a job printed appeared: an output stream that passes everything through to the
 * stream it wraps and, at each newline, records the line with the time since the clock started
 * ({@link System#nanoTime}) and hands it to a listener. A benchmark reads a job's phases from its own
 * progress lines ({@code [data] ...: N training rows} ends validation, {@code [train] ... in P
 * partitions} ends sharding) without a hook in the job.
 */
public final class LineClock extends OutputStream {
  /** A line and when it was complete, seconds since the clock started. */
  public record Line(double seconds, String text) {}

  private final OutputStream out;
  private final Consumer<Line> listener;
  private final long start = System.nanoTime();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final List<Line> lines = new ArrayList<>();

  /** Records the lines written through it to {@code out}; {@code listener} sees each line as it completes. */
  public LineClock(OutputStream out, Consumer<Line> listener) {
    this.out = out;
    this.listener = listener;
  }

  /** Replaces {@link System#out} by a stream through a new clock, and returns the clock. */
  public static LineClock installOnStandardOutput(Consumer<Line> listener) {
    LineClock clock = new LineClock(System.out, listener);
    System.setOut(new PrintStream(clock, true, StandardCharsets.UTF_8));
    return clock;
  }

  /** Seconds since the clock started. */
  public double now() {
    return (System.nanoTime() - start) / 1e9;
  }

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    try {
      out.write(b, off, len);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        Line line = new Line(now(), pending.toString(StandardCharsets.UTF_8).stripTrailing());
        pending.reset();
        lines.add(line);
        listener.accept(line);
      } else {
        pending.write(b[i]);
      }
    }
  }

  @Override
  public synchronized void flush() throws java.io.IOException {
    out.flush();
  }

  /** The first line starting with {@code prefix} and containing {@code contains}, or null. */
  public synchronized Line first(String prefix, String contains) {
    for (Line l : lines) {
      if (l.text().startsWith(prefix) && l.text().contains(contains)) {
        return l;
      }
    }
    return null;
  }

  /** Every complete line so far. */
  public synchronized List<Line> lines() {
    return new ArrayList<>(lines);
  }
}
