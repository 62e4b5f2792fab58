package io.fedspark.jobs.experiment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One axis of an experiment (or sweep) grid: a job configuration key and the values it takes, in
 * the order written; or a <em>zip group</em>: several keys whose values go together (the i-th value
 * of the axis sets every key of the group to its i-th value, instead of the cartesian product).
 *
 * @param key the job key, e.g. {@code federate.partition.scheme}; for a zip group its keys joined
 *     with {@code +}
 * @param label the name shown for the axis (the key unless labelled)
 * @param values the values, in order
 * @param zipKeys the keys of a zip group, in order; empty for a plain axis
 */
public record GridAxis(String key, String label, List<Value> values, List<String> zipKeys) {

  /**
   * One value of an axis.
   *
   * @param hocon the value as HOCON, passed to the job as {@code key=hocon}
   * @param text the value as written, unquoted (e.g. {@code labeldir}, {@code 0.05}); labels refer
   *     to values by this text
   * @param label the name shown for the value (the text unless labelled)
   * @param zipHocons for a zip group, the HOCON value of each of its keys (same order); else empty
   */
  public record Value(String hocon, String text, String label, List<String> zipHocons) {
    public Value {
      Objects.requireNonNull(hocon, "hocon");
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(label, "label");
      zipHocons = List.copyOf(zipHocons);
    }

    /** A value of a plain axis. */
    public Value(String hocon, String text, String label) {
      this(hocon, text, label, List.of());
    }
  }

  /** A plain axis: one key. */
  public GridAxis(String key, String label, List<Value> values) {
    this(key, label, values, List.of());
  }

  public GridAxis {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(label, "label");
    values = List.copyOf(values);
    zipKeys = List.copyOf(zipKeys);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("grid axis " + key + ": no values");
    }
    Set<String> seen = new HashSet<>();
    for (Value v : values) {
      if (!seen.add(v.text())) {
        throw new IllegalArgumentException("grid axis " + key + ": the value " + v.text() + " is listed twice");
      }
      if (v.zipHocons().size() != zipKeys.size()) {
        throw new IllegalArgumentException("grid axis " + key + ": the value " + v.text() + " has " + v.zipHocons().size()
            + " parts for " + zipKeys.size() + " zipped keys");
      }
    }
  }

  /** Whether this axis is a zip group (several keys moving together). */
  public boolean isZip() {
    return !zipKeys.isEmpty();
  }

  /** The job keys this axis sets: its key, or the keys of its zip group. */
  public List<String> keys() {
    return isZip() ? zipKeys : List.of(key);
  }

  /** The job overrides ({@code key=hocon}) of one of this axis' values. */
  public List<String> overrides(Value v) {
    if (!isZip()) {
      return List.of(key + "=" + v.hocon());
    }
    List<String> o = new ArrayList<>(zipKeys.size());
    for (int i = 0; i < zipKeys.size(); i++) {
      o.add(zipKeys.get(i) + "=" + v.zipHocons().get(i));
    }
    return o;
  }

  /** The same axis shown under other names. */
  GridAxis relabel(String axisLabel, java.util.Map<String, String> valueLabels) {
    return new GridAxis(key, axisLabel,
        values.stream().map(v -> new Value(v.hocon(), v.text(), valueLabels.getOrDefault(v.text(), v.label()), v.zipHocons())).toList(),
        zipKeys);
  }
}
