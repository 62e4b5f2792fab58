package io.fedspark.federated.config;

import java.io.Serializable;

/**
 * The allowed interval of a numeric {@link Setting}: each end open, closed or absent. Renders itself
 * for messages ("an integer >= 1", "a number in [0, 1)", "a finite number > 0").
 */
public record Bounds(double min, boolean minInclusive, double max, boolean maxInclusive) implements Serializable {
  /** No bound at either end. */
  public static final Bounds ANY = new Bounds(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

  /** {@code [min, +inf)}. */
  public static Bounds atLeast(double min) {
    return new Bounds(min, true, Double.POSITIVE_INFINITY, false);
  }

  /** {@code (min, +inf)}. */
  public static Bounds above(double min) {
    return new Bounds(min, false, Double.POSITIVE_INFINITY, false);
  }

  /** {@code [min, max]}. */
  public static Bounds closed(double min, double max) {
    return new Bounds(min, true, max, true);
  }

  /** {@code [min, max)}. */
  public static Bounds closedOpen(double min, double max) {
    return new Bounds(min, true, max, false);
  }

  /** {@code (min, max)}. */
  public static Bounds open(double min, double max) {
    return new Bounds(min, false, max, false);
  }

  /** {@code (min, max]}. */
  public static Bounds openClosed(double min, double max) {
    return new Bounds(min, false, max, true);
  }

  /** Whether {@code v} lies inside (NaN never does). */
  public boolean contains(double v) {
    boolean lo = minInclusive ? v >= min : v > min;
    boolean hi = maxInclusive ? v <= max : v < max;
    return lo && hi;
  }

  /** "kind >= 1", "kind in [0, 1)", or just "kind". */
  public String describe(String kind) {
    boolean hasMin = min != Double.NEGATIVE_INFINITY;
    boolean hasMax = max != Double.POSITIVE_INFINITY;
    if (hasMin && hasMax) {
      return kind + " in " + (minInclusive ? "[" : "(") + fmt(min) + ", " + fmt(max) + (maxInclusive ? "]" : ")");
    }
    if (hasMin) {
      return kind + (minInclusive ? " >= " : " > ") + fmt(min);
    }
    if (hasMax) {
      return kind + (maxInclusive ? " <= " : " < ") + fmt(max);
    }
    return kind;
  }

  static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
