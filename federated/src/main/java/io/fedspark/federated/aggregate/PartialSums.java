package io.fedspark.federated.aggregate;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A sum of doubles reduced over Spark tasks whose total does not depend on the order the tasks
 * finish in: each task adds its values into one running partial sum (its own order is fixed by its
 * data), merging keeps the partial sums apart, and {@link #total()} adds them in ascending order.
 * Floating-point addition is not associative, so a plain {@code double} merged in task completion
 * order gives metrics whose last bits change from run to run; this does not.
 */
public final class PartialSums implements Serializable {
  private static final long serialVersionUID = 1L;

  private double open;
  private boolean used;
  private double[] closed = new double[0];

  /** Adds one value to this task's partial sum. */
  public void add(double value) {
    open += value;
    used = true;
  }

  /** Keeps {@code o}'s partial sums beside this one's; returns this. */
  public PartialSums merge(PartialSums o) {
    double[] mine = parts();
    double[] theirs = o.parts();
    double[] all = Arrays.copyOf(mine, mine.length + theirs.length);
    System.arraycopy(theirs, 0, all, mine.length, theirs.length);
    closed = all;
    open = 0;
    used = false;
    return this;
  }

  /** The sum of the partial sums in ascending order. */
  public double total() {
    double[] p = parts();
    Arrays.sort(p);
    double s = 0;
    for (double v : p) {
      s += v;
    }
    return s;
  }

  private double[] parts() {
    if (!used) {
      return closed.clone();
    }
    double[] p = Arrays.copyOf(closed, closed.length + 1);
    p[closed.length] = open;
    return p;
  }
}
