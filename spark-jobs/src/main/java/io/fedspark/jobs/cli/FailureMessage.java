package io.fedspark.jobs.cli;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line {@code fedspark: error: ...} says about a failure, whatever threw it: the message of
 * the user's error when there is one, else of the first exception in the cause chain that is not a
 * mere wrapper (picocli's and the JDK's execution wrappers, a Spark job abort that carries its task's
 * exception, an exception whose message is just its cause's). A Spark job abort without the task's
 * exception is reduced to the task's failure line ("Lost task ... : java.lang.X: message"), never
 * its stack; any remaining line breaks are joined with "; ".
 */
final class FailureMessage {
  private static final Pattern LOST_TASK = Pattern.compile("Lost task [^:]*\\): ([^\\n]*)");

  private FailureMessage() {}

  /**
   * @param e the failure
   * @param user the user's error in its cause chain ({@link FedsparkMain#userError}), or null
   */
  static String of(Throwable e, Throwable user) {
    if (user == null && stoppedContextIn(e)) {
      return stoppedContext(io.fedspark.jobs.SparkSessions.startedMaster().orElse(null));
    }
    Throwable shown = user != null ? user : firstMeaningful(e);
    String m = shown.getMessage() == null ? shown.getClass().getName() : shown.getMessage();
    if (isSparkException(shown)) {
      Matcher lost = LOST_TASK.matcher(m);
      if (lost.find()) {
        m = "a Spark task failed: " + lost.group(1);
      }
    }
    return oneLine(m);
  }

  /** How Spark begins the message of a call on a context it has stopped. */
  static final String STOPPED_CONTEXT = "Cannot call methods on a stopped SparkContext";

  /**
   * What a call on a stopped context means: Spark ended the application under the run. With a
   * standalone master the likely cause is the master: it refused the application (a master with
   * authentication gives up on a driver without its secret after its registration retries) or
   * dropped it; Spark's own reason is in the log lines before this one.
   */
  static String stoppedContext(String master) {
    String where = master != null && master.startsWith("spark://")
        ? "the Spark master " + master + " refused or dropped this application (a master with authentication refuses"
            + " a driver without the cluster's secret: submit through 'fedspark' on the cluster's machine, or give"
            + " spark.authenticate=true and spark.authenticate.secret); "
        : "";
    return "Spark stopped the application before the run ended: " + where
        + "Spark's reason is in the log lines above (--verbose shows them all)";
  }

  /** Whether a call on a stopped context is in {@code e}'s cause chain, whatever wraps it. */
  private static boolean stoppedContextIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().startsWith(STOPPED_CONTEXT)) {
        return true;
      }
    }
    return false;
  }

  /** The outermost throwable of the chain that says something of its own. */
  static Throwable firstMeaningful(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t && isWrapper(t)) {
      t = t.getCause();
    }
    return t;
  }

  private static boolean isWrapper(Throwable t) {
    Throwable c = t.getCause();
    return t instanceof picocli.CommandLine.ExecutionException
        || t instanceof ExecutionException
        || t instanceof CompletionException
        || t instanceof InvocationTargetException
        || t instanceof java.lang.reflect.UndeclaredThrowableException
        || isSparkException(t)
        || t.getMessage() == null
        || t.getMessage().equals(c.toString())
        || t.getMessage().equals(c.getMessage());
  }

  private static boolean isSparkException(Throwable t) {
    return t.getClass().getName().equals("org.apache.spark.SparkException");
  }

  /** The lines of {@code m} that are not stack frames, joined with "; ". */
  static String oneLine(String m) {
    List<String> kept = new ArrayList<>();
    for (String line : m.split("\\R")) {
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("at ") || s.startsWith("... ") || s.equals("Driver stacktrace:")) {
        continue;
      }
      kept.add(s);
    }
    return printable(kept.isEmpty() ? m.strip() : String.join("; ", kept));
  }

  /** Longest message shown (a reader's error may quote a whole binary line). */
  static final int MAX_LENGTH = 600;

  /** {@code s} with control and unprintable characters as '?', cut at {@link #MAX_LENGTH}. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_LENGTH + 3));
    for (int i = 0; i < s.length() && sb.length() < MAX_LENGTH; ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      boolean shown = !Character.isISOControl(c) && Character.isDefined(c) && c != 0xFFFD
          && Character.getType(c) != Character.PRIVATE_USE && Character.getType(c) != Character.SURROGATE;
      sb.appendCodePoint(shown ? c : '?');
    }
    return sb.length() < s.length() && sb.length() >= MAX_LENGTH ? sb + "..." : sb.toString();
  }
}
