package io.fedspark.federated.config;

import java.util.function.Supplier;

/**
 * A configuration value that cannot be used. The message names the key, the value as given, what is
 * expected and, when known, where the value came from (file and line), so the command line can
 * print it on one line without a stack trace (exit code 2).
 */
public final class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidConfigException(String message) {
    super(message);
  }

  /** "federate.rounds = 0 (my.conf:3): expected an integer >= 1". */
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

  /**
   * Runs a constructor that validates its own arguments and re-raises its
   * {@code IllegalArgumentException}, whose message names the key, as a configuration error.
   */
  public static <T> T wrapping(Supplier<T> constructor) {
    return wrapping(null, constructor);
  }

  /** As {@link #wrapping(Supplier)}, with {@code keys + ": "} before the message unless null. */
  public static <T> T wrapping(String keys, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (InvalidConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(keys == null ? e.getMessage() : keys + ": " + e.getMessage());
    }
  }

  static String render(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
