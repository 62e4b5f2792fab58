package io.fedspark.jobs.experiment;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One axis of an experiment grid: a job configuration key and the values it takes, in the order
 * written.
 *
 * @param key the job key, e.g. {@code federate.partition.scheme}
 * @param label the axis name shown in progress lines, tables and plots (the key unless labelled)
 * @param values at least one, pairwise distinct
 */
public record GridAxis(String key, String label, List<Value> values) {

  /**
   * One value of an axis.
   *
   * @param hocon the value as HOCON, passed to the job as {@code key=hocon}
   * @param text the value as written, unquoted (e.g. {@code labeldir}, {@code 0.05}); labels refer
   *     to values by this text
   * @param label the name shown for the value (the text unless labelled)
   */
  public record Value(String hocon, String text, String label) {
    public Value {
      Objects.requireNonNull(hocon, "hocon");
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(label, "label");
    }
  }

  public GridAxis {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(label, "label");
    values = List.copyOf(values);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("grid axis " + key + ": no values");
    }
    Set<String> seen = new HashSet<>();
    for (Value v : values) {
      if (!seen.add(v.text())) {
        throw new IllegalArgumentException("grid axis " + key + ": the value " + v.text() + " is listed twice");
      }
    }
  }

  /** The same axis shown under other names. */
  GridAxis relabel(String axisLabel, java.util.Map<String, String> valueLabels) {
    return new GridAxis(key, axisLabel,
        values.stream().map(v -> new Value(v.hocon(), v.text(), valueLabels.getOrDefault(v.text(), v.label()))).toList());
  }
}
