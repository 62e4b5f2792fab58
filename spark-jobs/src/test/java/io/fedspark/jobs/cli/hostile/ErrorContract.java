package io.fedspark.jobs.cli.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.cli.FedsparkMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The command line's error contract, run and checked: {@code fedspark ...} runs in-process
 * ({@link FedsparkMain#run}, on the session the test shares) and must end with the case's exit code
 * (2 for configuration and data, 1 for the rest), exactly one {@code fedspark: error: } line, last,
 * holding the case's words, no stack frame, and no partial output: no run directory and no temporary
 * file anywhere under the fixtures, and for a resume the run directory byte-identical (every file
 * hashed before and after).
 */
final class ErrorContract {
  private static final String ERROR = "fedspark: error: ";

  private ErrorContract() {}

  /** What one in-process run returned and printed. */
  record Outcome(int code, String out, String err) {}

  static Outcome run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = FedsparkMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code c} in a directory of its own; one error line and nothing written. */
  static void rejects(HostileCase c, HostileFixtures t) throws IOException {
    Path caseDir = Files.createDirectories(t.root().resolve("cases").resolve(fileName(c.name())));
    Path run = caseDir.resolve("run");
    Outcome o = run(c.args().apply(t, run));
    assertOneLine(c.name(), o, c.exit(), c.says());
    assertFalse(Files.exists(run), c.name() + ": no run directory");
    assertEquals(List.of(), temporaryFiles(t.root()), c.name() + ": no temporary file");
  }

  /** Runs {@code c} on a damaged copy of a stopped run; one error line and the copy untouched. */
  static void rejectsResume(ResumeCase c, HostileFixtures t) throws Exception {
    Path run = t.root().resolve("resume").resolve(fileName(c.name()));
    copy(c.train() ? t.trainRun() : t.federateRun(), run);
    c.damage().apply(run);
    Map<String, String> before = hashes(run);
    Outcome o = run(c.args().apply(t, run));
    assertOneLine(c.name(), o, c.exit(), c.says());
    assertEquals(before, hashes(run), c.name() + ": the run directory is byte-identical");
  }

  private static String fileName(String caseName) {
    return caseName.replaceAll("[^A-Za-z0-9.-]", "_");
  }

  /** The contract's assertions on one outcome; returns the error line. */
  static String assertOneLine(String name, Outcome o, int exit, List<String> says) {
    String e = o.err();
    assertEquals(exit, o.code(), name + ": exit code; stderr: " + e);
    List<String> lines = e.lines().filter(l -> !l.isBlank()).toList();
    List<String> errors = lines.stream().filter(l -> l.startsWith(ERROR)).toList();
    assertEquals(1, errors.size(), name + ": exactly one error line: " + e);
    assertEquals(errors.get(0), lines.get(lines.size() - 1), name + ": the error line is the last: " + e);
    assertFalse(lines.stream().anyMatch(l -> l.strip().startsWith("at ") || l.contains("Exception in thread")),
        name + ": no stack trace: " + e);
    for (String part : says) {
      assertTrue(errors.get(0).contains(part), name + ": '" + part + "' in: " + errors.get(0));
    }
    return errors.get(0);
  }

  /** Every temporary file of an atomic write ({@code ._*.tmp}) under {@code dir}. */
  static List<Path> temporaryFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("._") && p.getFileName().toString().endsWith(".tmp"))
          .toList();
    }
  }

  /** sha-256 of every file under {@code dir}, by relative path. */
  static Map<String, String> hashes(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    }
    return out;
  }

  /** Copies the tree {@code from} to {@code to}. */
  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
