package io.fedspark.jobs;

import java.util.concurrent.Callable;

/** Runs a job with one of {@link TestHooks}' system properties set, and clears it afterwards. */
public final class WithHooks {
  private WithHooks() {}

  /** {@code body} with {@code -D<setting key>=value} set for its duration. */
  public static <T> T with(io.fedspark.federated.config.Setting<?> hook, Object value, Callable<T> body) {
    String key = hook.key();
    String before = System.getProperty(key);
    System.setProperty(key, String.valueOf(value));
    try {
      return body.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }
}
