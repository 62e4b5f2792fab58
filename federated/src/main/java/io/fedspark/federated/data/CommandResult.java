package io.fedspark.federated.data;

import java.util.List;

/**
 * What an external command did: its exit code (or that it was killed after its time limit) and
 * its combined standard output and error.
 *
 * @param command the program and its arguments
 * @param exitCode the exit status; meaningless when {@code timedOut}
 * @param timedOut whether the command was killed for running past its time limit
 * @param output standard output and standard error interleaved (possibly only the end of it)
 */
public record CommandResult(List<String> command, int exitCode, boolean timedOut, String output) {

  /**
   * Copies the command list; a missing output reads as "".
   *
   * @param command the program and its arguments
   * @param exitCode the exit status
   * @param timedOut whether the command was killed for running too long
   * @param output the combined output
   */
  public CommandResult {
    command = List.copyOf(command);
    output = output == null ? "" : output;
  }

  /** @return whether the command finished in time with exit status 0 */
  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }

  /** @return the command as one would type it, arguments separated by spaces */
  public String commandLine() {
    return String.join(" ", command);
  }

  /**
   * Returns the end of the output, for error messages.
   *
   * @param maxLines how many lines to keep at most
   * @return the last non-empty lines, each indented by two spaces, or "(no output)"
   */
  public String outputTail(int maxLines) {
    List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      return "  (no output)";
    }
    List<String> tail = lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
    StringBuilder text = new StringBuilder();
    for (String line : tail) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append("  ").append(line);
    }
    return text.toString();
  }
}
