package io.fedspark.jobs.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one benchmark run: where and how it was measured, and its figures. Written as
 * JSON (one record per figure: name, value, unit, baseline, baselineValue, ratio, plus target and
 * spread) atomically, and printed as a table for people.
 *
 * @param benchmark which benchmark, e.g. {@code "math"}
 * @param mode {@code "quick"} or {@code "full"} (or {@code "tiny"} in tests)
 * @param command the command line that reproduces it
 * @param start when it started
 * @param end when it ended
 * @param machine where it ran
 * @param sampling warm-up and repetitions
 * @param notes named facts needed to read the figures (data used, DL4J threading, ...), in order
 * @param records the figures, in order
 */
public record BenchReport(String benchmark, String mode, String command, Instant start, Instant end,
    MachineDescription machine, SamplerOptions sampling, Map<String, String> notes, List<BenchRecord> records) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public BenchReport {
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(sampling, "sampling");
    notes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    records = List.copyOf(records);
  }

  /** The JSON document (UTF-8 text, indented). */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("benchmark", benchmark);
    root.put("mode", mode);
    root.put("command", command);
    root.put("start", start.toString());
    root.put("end", end.toString());
    ObjectNode m = root.putObject("machine");
    m.put("cpuModel", machine.cpuModel());
    m.put("cores", machine.cores());
    m.put("java", machine.java());
    m.put("os", machine.os());
    m.put("nativeBlas", machine.nativeBlas());
    ObjectNode s = root.putObject("sampling");
    s.put("warmupSecondsPerWorkload", sampling.warmup().toMillis() / 1000.0);
    s.put("repetitions", sampling.repetitions());
    s.put("minSecondsPerRepetition", sampling.repetitionTime().toMillis() / 1000.0);
    s.put("statistic", sampling.statistic());
    root.put("ratio", "value / baselineValue of wall-clock rates (more is better); cpuRatio: the same from rates"
        + " per CPU second of the measuring thread");
    ObjectNode n = root.putObject("notes");
    notes.forEach(n::put);
    ArrayNode rs = root.putArray("records");
    for (BenchRecord r : records) {
      ObjectNode o = rs.addObject();
      o.put("name", r.name());
      o.put("value", r.value());
      o.put("unit", r.unit());
      o.put("baseline", r.baseline());
      o.put("baselineValue", r.baselineValue());
      o.put("ratio", r.ratio());
      if (r.targetRatio() != null) {
        o.put("targetRatio", r.targetRatio());
        o.put("meetsTarget", r.meetsTarget());
      }
      if (r.cpuRatio() != null) {
        o.put("cpuRatio", r.cpuRatio());
      }
      putSample(o, "value", r.valueSample());
      putSample(o, "baseline", r.baselineSample());
      if (!r.details().isEmpty()) {
        ObjectNode d = o.putObject("details");
        r.details().forEach(d::put);
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the benchmark report: " + e.getMessage(), e);
    }
  }

  private static void putSample(ObjectNode o, String prefix, Sample s) {
    if (s == null) {
      return;
    }
    o.put(prefix + "Min", s.min());
    o.put(prefix + "Max", s.max());
    o.put(prefix + "Repetitions", s.repetitions());
    if (Double.isFinite(s.error())) {
      o.put(prefix + "Error", s.error());
    }
    if (Double.isFinite(s.cpuPerWall())) {
      o.put(prefix + "CpuPerWall", s.cpuPerWall());
    }
    if (Double.isFinite(s.threadCpuRate())) {
      o.put(prefix + "ThreadCpuRate", s.threadCpuRate());
    }
  }

  /**
   * Writes {@link #toJson()} to {@code file} atomically ({@link #writeAtomically}).
   */
  public void writeJson(Path file) {
    writeAtomically(file, toJson());
  }

  /**
   * Writes {@code text} (UTF-8) to {@code file} atomically: to a temporary file in the same
   * directory (created if missing), readable by all, then renamed over the target, so a crash never
   * leaves a half-written file under the final name.
   */
  static void writeAtomically(Path file, String text) {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "._" + target.getFileName(), ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      readableByAll(tmp);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write failure is the one to report
        }
      }
      throw new UncheckedIOException("writing benchmark results to " + target + " failed: " + e.getMessage(), e);
    }
  }

  /** createTempFile makes the file private (rw-------); a result file is for everyone to read. */
  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its default permissions apply
    }
  }

  /** The figures as a fixed-width table, with the machine and notes above it. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("fedspark bench ").append(benchmark).append(" (").append(mode).append(")\n");
    sb.append("machine: ").append(machine).append('\n');
    notes.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    sb.append(String.format(Locale.ROOT, "sampling: %.1f s warm-up per workload, %d repetitions of >= %.2f s; %s%n",
        sampling.warmup().toMillis() / 1000.0, sampling.repetitions(), sampling.repetitionTime().toMillis() / 1000.0,
        sampling.statistic()));
    sb.append("ratio = value / baseline (wall clock); cpu = the same ratio from rates per CPU second of the measuring"
        + " thread; +- relative to the value\n");
    int nameWidth = 20;
    int baseWidth = 10;
    for (BenchRecord r : records) {
      nameWidth = Math.max(nameWidth, r.name().length());
      baseWidth = Math.max(baseWidth, r.baseline().length());
    }
    String row = "%-" + nameWidth + "s  %10s %-10s %6s  %-" + baseWidth + "s  %10s %6s  %7s %7s  %s%n";
    sb.append(String.format(Locale.ROOT, row, "figure", "value", "unit", "+-", "baseline", "value", "+-", "ratio",
        "cpu", "target"));
    for (BenchRecord r : records) {
      String target = r.targetRatio() == null ? ""
          : String.format(Locale.ROOT, ">= %.2f %s", r.targetRatio(), r.meetsTarget() ? "met" : "NOT MET");
      sb.append(String.format(Locale.ROOT, row, r.name(), number(r.value()), r.unit(), spread(r.valueSample(), r.value()),
          r.baseline(), number(r.baselineValue()), spread(r.baselineSample(), r.baselineValue()),
          String.format(Locale.ROOT, "%.3f", r.ratio()),
          r.cpuRatio() == null ? "" : String.format(Locale.ROOT, "%.3f", r.cpuRatio()), target));
    }
    return sb.toString();
  }

  private static String number(double v) {
    return v >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  /** The JMH score error relative to {@code value} where there is one, else half the min-max range relative to the median. */
  private static String spread(Sample s, double value) {
    if (s == null) {
      return "";
    }
    return String.format(Locale.ROOT, "%.1f%%", 100 * (Double.isFinite(s.error()) ? s.error() / value : s.spread()));
  }
}
