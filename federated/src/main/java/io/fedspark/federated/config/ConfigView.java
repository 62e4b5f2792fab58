package io.fedspark.federated.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * A read-only view of a resolved configuration whose keys are dotted paths
 * ({@code federate.partition.clients}). Options records read their {@link Setting}s from it in
 * their {@code from(ConfigView)}; the command line implements it over Typesafe Config (HOCON files
 * and {@code --set}), the Spark ML estimators over their Params, and tests over a map.
 */
public interface ConfigView {
  /**
   * The value at {@code key} as parsed: a Number, Boolean, String, or a List of those; null when
   * the key is absent (a setting then takes its default).
   */
  Object raw(String key);

  /** Where the value of {@code key} came from ("my.conf:12", "--set federate.rounds"), or null. */
  String origin(String key);

  /** The validated value of a setting. */
  default <T> T get(Setting<T> setting) {
    return setting.read(this);
  }

  /** A view without values: every setting reads as its default. */
  static ConfigView defaults() {
    return of(Map.of());
  }

  /** A view over plain values keyed by full key (tests, Spark ML Params). */
  static ConfigView of(Map<String, ?> values) {
    Map<String, Object> copy = new TreeMap<>(values);
    return new ConfigView() {
      @Override
      public Object raw(String key) {
        return copy.get(key);
      }

      @Override
      public String origin(String key) {
        return null;
      }

      @Override
      public String toString() {
        return copy.toString();
      }
    };
  }

  /** This view with {@code overrides} on top (for tests and derived runs). */
  default ConfigView with(Map<String, ?> overrides) {
    ConfigView base = this;
    Map<String, Object> copy = new TreeMap<>(overrides);
    return new ConfigView() {
      @Override
      public Object raw(String key) {
        return copy.containsKey(key) ? copy.get(key) : base.raw(key);
      }

      @Override
      public String origin(String key) {
        return copy.containsKey(key) ? null : base.origin(key);
      }
    };
  }
}
