package io.fedspark.jobs.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One point of an experiment grid: a value for every axis.
 *
 * @param index 0-based position in grid order
 * @param axes the grid's axes
 * @param values {@code values.get(i)} is the value of {@code axes.get(i)}
 */
public record GridPoint(int index, List<GridAxis> axes, List<GridAxis.Value> values) {
  public GridPoint {
    axes = List.copyOf(axes);
    values = List.copyOf(values);
    if (axes.size() != values.size()) {
      throw new IllegalArgumentException("grid point " + index + ": " + axes.size() + " axes but " + values.size() + " values");
    }
  }

  /** The job overrides of this point, {@code key=hocon}, in axis order. */
  public List<String> overrides() {
    List<String> o = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      o.addAll(axes.get(i).overrides(values.get(i)));
    }
    return o;
  }

  /** The value of the axis with this key (or zip group holding it), or null if the grid has no such axis. */
  public GridAxis.Value valueOf(String key) {
    for (int i = 0; i < axes.size(); i++) {
      if (axes.get(i).key().equals(key) || axes.get(i).zipKeys().contains(key)) {
        return values.get(i);
      }
    }
    return null;
  }

  /** "partition=labeldir, ordering=curriculum"; "(base)" for the single point of an empty grid. */
  public String describe() {
    return describeExcept(null, true);
  }

  /**
   * The value labels of every axis but {@code excludedKey}, "label=value" or, without names, the
   * values alone joined by " / ".
   */
  String describeExcept(String excludedKey, boolean withNames) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < axes.size(); i++) {
      if (axes.get(i).key().equals(excludedKey)) {
        continue;
      }
      parts.add(withNames ? axes.get(i).label() + "=" + values.get(i).label() : values.get(i).label());
    }
    if (parts.isEmpty()) {
      return "(base)";
    }
    return String.join(withNames ? ", " : " / ", parts);
  }

  /** A file-name-safe name of the point's values, e.g. {@code labeldir-anti-curriculum}. */
  public String slug() {
    if (values.isEmpty()) {
      return "base";
    }
    StringBuilder sb = new StringBuilder();
    for (GridAxis.Value v : values) {
      if (sb.length() > 0) {
        sb.append('-');
      }
      sb.append(v.text().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "_"));
    }
    return sb.length() > 80 ? sb.substring(0, 80) : sb.toString();
  }
}
