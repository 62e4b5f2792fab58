package io.fedspark.jobs.config;

/**
 * A configuration value that cannot be used. The message names the key, the value as given, what is
 * expected and, when known, where the value came from (file and line), so the command line can
 * print it without a stack trace.
 */
public final class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }

  /** "demo.epochs = 0 (conf/x.conf: 3): expected an integer >= 1". */
  public static InvalidConfigException of(String key, Object value, String expected, String origin) {
    String where = origin == null || origin.isBlank() ? "" : " (" + origin + ")";
    return new InvalidConfigException(key + " = " + render(value) + where + ": expected " + expected);
  }

  /** Throws {@link #of} unless {@code ok}. */
  public static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw of(key, value, expected, null);
    }
  }

  private static String render(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
