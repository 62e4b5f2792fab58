package io.fedspark.jobs.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Per grid point, the metric over seeds: mean, sample standard deviation and counts, plus the mean
 * test-accuracy curve and its standard deviation per round; rendered as markdown tables.
 *
 * <p>Mean {@code m = (1/n) sum x_i}; standard deviation {@code s = sqrt(sum (x_i - m)^2 / (n - 1))}
 * (the sample standard deviation, Bessel-corrected; undefined, shown as "-", for one run). Failed
 * runs are counted separately and left out of both.
 *
 * @param points one per grid point, in grid order
 */
public record ExperimentSummary(List<PointSummary> points) {

  /**
   * The runs of one grid point.
   *
   * @param point the grid point
   * @param values the metric of each successful run, in seed order
   * @param failed number of failed runs
   * @param mean mean of the values (NaN if none)
   * @param std sample standard deviation of the values (NaN if fewer than two)
   * @param curveRounds rounds with at least one evaluated run
   * @param curveMean mean test accuracy (fraction) over the runs evaluated at that round
   * @param curveStd sample standard deviation of those accuracies (NaN where fewer than two runs
   *     were evaluated), the seed spread the summary plot draws as a band
   */
  public record PointSummary(GridPoint point, double[] values, int failed, double mean, double std, double[] curveRounds,
      double[] curveMean, double[] curveStd) {
    /** Number of successful runs. */
    public int n() {
      return values.length;
    }
  }

  public ExperimentSummary {
    points = List.copyOf(points);
  }

  /** Summarises the outcomes so far, grouped by grid point. */
  public static ExperimentSummary of(List<GridPoint> gridPoints, List<RunOutcome> outcomes) {
    List<PointSummary> out = new ArrayList<>();
    for (GridPoint p : gridPoints) {
      List<RunOutcome> mine = outcomes.stream().filter(o -> o.run().point().index() == p.index()).toList();
      double[] values = mine.stream().filter(RunOutcome::succeeded).mapToDouble(RunOutcome::metric).toArray();
      int failed = (int) mine.stream().filter(o -> !o.succeeded()).count();
      TreeMap<Double, List<Double>> byRound = new TreeMap<>(); // round -> accuracies, in outcome order
      for (RunOutcome o : mine) {
        for (int i = 0; i < o.curveRounds().length; i++) {
          byRound.computeIfAbsent(o.curveRounds()[i], r -> new ArrayList<>()).add(o.curveAccuracy()[i]);
        }
      }
      double[] rounds = byRound.keySet().stream().mapToDouble(Double::doubleValue).toArray();
      double[] curve = new double[rounds.length];
      double[] curveStd = new double[rounds.length];
      int r = 0;
      for (List<Double> acc : byRound.values()) {
        double[] a = acc.stream().mapToDouble(Double::doubleValue).toArray();
        curve[r] = mean(a);
        curveStd[r++] = sampleStd(a);
      }
      out.add(new PointSummary(p, values, failed, mean(values), sampleStd(values), rounds, curve, curveStd));
    }
    return new ExperimentSummary(out);
  }

  /** Arithmetic mean; NaN for no values. */
  public static double mean(double[] x) {
    if (x.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  /** Sample standard deviation (n - 1 in the denominator); NaN for fewer than two values. */
  public static double sampleStd(double[] x) {
    if (x.length < 2) {
      return Double.NaN;
    }
    double m = mean(x);
    double ss = 0;
    for (double v : x) {
      ss += (v - m) * (v - m);
    }
    return Math.sqrt(ss / (x.length - 1));
  }

  /**
   * "91.23 ± 0.45" in display units ("91.23 ± -" for one run, "failed" for none), with "(k failed)"
   * appended if asked and some runs failed.
   */
  static String cell(PointSummary s, ExperimentMetric metric, boolean noteFailures) {
    if (s.n() == 0) {
      return s.failed() > 0 ? "failed" : "-";
    }
    double k = metric.displayScale();
    String m = String.format(Locale.ROOT, "%.2f", k * s.mean());
    String cell = Double.isNaN(s.std()) ? m + " ± -" : m + " ± " + String.format(Locale.ROOT, "%.2f", k * s.std());
    return noteFailures && s.failed() > 0 ? cell + " (" + s.failed() + " failed)" : cell;
  }

  /**
   * The markdown tables: one row per grid point (mean ± std, n, failed); with exactly two axes, also
   * the same numbers as a matrix (rows: first axis, columns: second axis).
   */
  public String markdown(ExperimentSpec spec) {
    ExperimentMetric metric = spec.metric();
    List<GridAxis> axes = spec.grid().axes();
    StringBuilder sb = new StringBuilder();
    sb.append('|');
    for (GridAxis a : axes) {
      sb.append(' ').append(a.label()).append(" |");
    }
    sb.append(' ').append(metric.title()).append(", mean ± std | n | failed |\n|");
    sb.append("---|".repeat(axes.size())).append("---:|---:|---:|\n");
    for (PointSummary s : points) {
      sb.append('|');
      for (GridAxis.Value v : s.point().values()) {
        sb.append(' ').append(v.label()).append(" |");
      }
      sb.append(' ').append(cell(s, metric, false)).append(" | ").append(s.n()).append(" | ")
          .append(s.failed()).append(" |\n");
    }
    if (axes.size() == 2) {
      GridAxis rows = axes.get(0);
      GridAxis cols = axes.get(1);
      sb.append("\n| ").append(rows.label()).append(" \\ ").append(cols.label()).append(" |");
      for (GridAxis.Value c : cols.values()) {
        sb.append(' ').append(c.label()).append(" |");
      }
      sb.append("\n|---|").append("---:|".repeat(cols.values().size())).append('\n');
      int i = 0;
      for (GridAxis.Value r : rows.values()) {
        sb.append("| ").append(r.label()).append(" |");
        for (int j = 0; j < cols.values().size(); j++) {
          sb.append(' ').append(cell(points.get(i++), metric, true)).append(" |");
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
