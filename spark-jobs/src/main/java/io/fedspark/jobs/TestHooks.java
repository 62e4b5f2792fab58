package io.fedspark.jobs;

import io.fedspark.federated.config.Bounds;
import io.fedspark.federated.config.ConfigView;
import io.fedspark.federated.config.Setting;
import java.util.HashMap;
import java.util.Map;

/**
 * Fault hooks for tests, read from JVM system properties of the driver (never from a user's
 * configuration): {@code -Dfedspark.test.fault-fraction=F} makes that fraction of Spark task
 * attempts throw (seeded, so retries succeed and the result must not change), and
 * {@code -Dfedspark.test.stop-after=N} stops a run after its N-th round, epoch or sweep run as if
 * the driver had died there (then {@code --resume} continues);
 * {@code -Dfedspark.test.sweep-stop-after=N} stops a sweep after N runs. Each can also be set
 * through the driver's environment ({@code FEDSPARK_TEST_STOP_AFTER=2}), which is how tests of the
 * launcher set them.
 *
 * @param faultFraction fraction of task attempts that throw, in [0, 0.99] (0: off)
 * @param stopAfter stop after this round / epoch (0: off)
 * @param sweepStopAfter stop a sweep after this many runs (0: off)
 */
public record TestHooks(double faultFraction, int stopAfter, int sweepStopAfter) {
  /** {@code fedspark.test.fault-fraction}. */
  public static final Setting<Double> FAULT_FRACTION =
      Setting.number("fedspark.test.fault-fraction", 0.0, Bounds.closed(0, 0.99));
  /** {@code fedspark.test.stop-after}. */
  public static final Setting<Integer> STOP_AFTER = Setting.integer("fedspark.test.stop-after", 0, 0);
  /** {@code fedspark.test.sweep-stop-after}: a sweep stops once this many of its runs finished. */
  public static final Setting<Integer> SWEEP_STOP_AFTER = Setting.integer("fedspark.test.sweep-stop-after", 0, 0);

  /** No hooks. */
  public static final TestHooks NONE = new TestHooks(0, 0, 0);

  public TestHooks {
    FAULT_FRACTION.check(faultFraction);
    STOP_AFTER.check(stopAfter);
    SWEEP_STOP_AFTER.check(sweepStopAfter);
  }

  /** The hooks set as system properties (or environment variables) of this JVM. */
  public static TestHooks fromSystemProperties() {
    Map<String, Object> props = new HashMap<>();
    for (Setting<?> s : new Setting<?>[] {FAULT_FRACTION, STOP_AFTER, SWEEP_STOP_AFTER}) {
      String v = System.getProperty(s.key());
      if (v == null) {
        v = System.getenv(environmentName(s));
      }
      if (v != null) {
        props.put(s.key(), v);
      }
    }
    ConfigView c = ConfigView.of(props);
    return new TestHooks(c.get(FAULT_FRACTION), c.get(STOP_AFTER), c.get(SWEEP_STOP_AFTER));
  }

  /** The environment variable that sets a hook too: {@code FEDSPARK_TEST_STOP_AFTER}, ... */
  public static String environmentName(Setting<?> hook) {
    return hook.key().toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Whether the run must stop after step {@code n} (a round, epoch or run, 1-based). */
  public boolean stopsAfter(int n) {
    return stopAfter > 0 && n == stopAfter;
  }
}
