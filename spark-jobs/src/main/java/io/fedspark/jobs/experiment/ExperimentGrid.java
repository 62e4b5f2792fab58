package io.fedspark.jobs.experiment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The axes of an experiment and their cartesian product. Grid order is that of an odometer: the
 * first axis varies slowest, the last fastest (so {@code [a1, a2] x [b1, b2]} gives a1 b1, a1 b2,
 * a2 b1, a2 b2). A grid without axes has one point, the base configuration.
 */
public record ExperimentGrid(List<GridAxis> axes) {
  public ExperimentGrid {
    axes = List.copyOf(axes);
    Set<String> keys = new HashSet<>();
    Set<String> labels = new HashSet<>();
    for (GridAxis a : axes) {
      for (String k : a.keys()) {
        if (!keys.add(k)) {
          throw new IllegalArgumentException("grid: the key " + k + " is an axis twice (a grid key or in a zip group)");
        }
      }
      if (!labels.add(a.label())) {
        throw new IllegalArgumentException("grid: two axes are labelled '" + a.label() + "'");
      }
    }
  }

  /** Number of points: the product of the axes' sizes. */
  public int size() {
    long n = 1;
    for (GridAxis a : axes) {
      n = Math.multiplyExact(n, a.values().size());
    }
    return Math.toIntExact(n);
  }

  /** The axis with this key or label, or null. */
  public GridAxis axis(String keyOrLabel) {
    for (GridAxis a : axes) {
      if (a.key().equals(keyOrLabel) || a.label().equals(keyOrLabel)) {
        return a;
      }
    }
    return null;
  }

  /** Every point, in grid order. */
  public List<GridPoint> points() {
    int n = size();
    List<GridPoint> points = new ArrayList<>(n);
    int[] digit = new int[axes.size()];
    for (int p = 0; p < n; p++) {
      List<GridAxis.Value> values = new ArrayList<>(axes.size());
      for (int i = 0; i < axes.size(); i++) {
        values.add(axes.get(i).values().get(digit[i]));
      }
      points.add(new GridPoint(p, axes, values));
      for (int i = axes.size() - 1; i >= 0; i--) {
        if (++digit[i] < axes.get(i).values().size()) {
          break;
        }
        digit[i] = 0;
      }
    }
    return points;
  }
}
