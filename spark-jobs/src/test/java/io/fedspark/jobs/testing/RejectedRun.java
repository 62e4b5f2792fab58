package io.fedspark.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.cli.FedsparkMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code fedspark COMMAND --set ...} through {@link FedsparkMain#run} and checks the contract
 * for bad input: exit code 2, a one-line "fedspark: error: ..." message without a stack trace, and
 * no run directory written.
 */
public final class RejectedRun {
  private RejectedRun() {}

  /**
   * @param runDir passed as {@code run.dir}; must not exist afterwards
   * @param sets {@code key=value} overrides, in order (later ones win)
   * @return the error message, for checks of its content
   */
  public static String message(String command, Path runDir, List<String> sets) {
    return message(List.of(command), runDir, sets);
  }

  /**
   * As {@link #message(String, Path, List)} for a command with arguments ({@code predict MODEL DATA}).
   *
   * @param command the command and its positional arguments
   */
  public static String message(List<String> command, Path runDir, List<String> sets) {
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of("--set", "run.dir=\"" + runDir + "\""));
    for (String o : sets) {
      args.add("--set");
      args.add(o);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = FedsparkMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String e = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, e);
    assertTrue(e.startsWith("fedspark: error: "), e);
    assertFalse(e.contains("at io.fedspark"), "no stack trace: " + e);
    assertFalse(Files.exists(runDir), "no output for " + sets);
    return e;
  }

  /** Asserts that {@code message} contains every one of {@code parts}. */
  public static void contains(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "'" + p + "' in: " + message);
    }
  }
}
