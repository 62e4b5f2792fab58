package io.fedspark.jobs.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A sweep against a baseline sweep: per configuration (job and grid values, over the seeds of its
 * successful runs) and tracked metric, the mean and sample standard deviation on each side, the
 * difference of the means, and whether it is a regression beyond the metric's tolerance ({@link
 * TrackedMetric#regressed}). Configurations present on one side only are listed, never flagged;
 * metrics that neither side reports for a configuration (another job's results) are left out.
 *
 * @param current the sweep compared
 * @param baseline the sweep it is compared with
 * @param cells one per configuration and metric, configurations in the current sweep's order
 */
public record SweepComparison(SweepMeta current, SweepMeta baseline, List<Cell> cells) {

  /** Mean and sample standard deviation (NaN for fewer than two values) of n values. */
  public record Stat(int n, double mean, double std) {
    static final Stat NONE = new Stat(0, Double.NaN, Double.NaN);

    static Stat of(List<Double> values) {
      int n = values.size();
      if (n == 0) {
        return NONE;
      }
      double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
      double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
      return new Stat(n, mean, n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1)));
    }

    /** "0.9123 ± 0.0040 (2)". */
    String text() {
      if (n == 0) {
        return "–";
      }
      return number(mean) + (Double.isNaN(std) ? "" : " ± " + number(std)) + " (" + n + ")";
    }
  }

  /** One configuration and metric. */
  public record Cell(String config, TrackedMetric metric, Stat current, Stat baseline, boolean regressed) {
    public double difference() {
      return current.mean() - baseline.mean();
    }

    /** ok, REGRESSION, better, new, missing, no data. */
    public String verdict() {
      if (current.n() == 0 && baseline.n() == 0) {
        return "no data";
      }
      if (baseline.n() == 0) {
        return "new";
      }
      if (current.n() == 0) {
        return "missing";
      }
      if (regressed) {
        return "REGRESSION";
      }
      return metric.regressed(current.mean(), baseline.mean()) ? "better" : "ok";
    }
  }

  public SweepComparison {
    cells = List.copyOf(cells);
  }

  public static SweepComparison of(SweepMeta current, List<RunRow> currentRows, SweepMeta baseline, List<RunRow> baselineRows) {
    Set<String> configs = new LinkedHashSet<>();
    currentRows.forEach(r -> configs.add(r.config()));
    baselineRows.forEach(r -> configs.add(r.config()));
    List<Cell> cells = new ArrayList<>();
    for (String c : configs) {
      for (TrackedMetric m : current.metrics()) {
        Stat cur = stats(currentRows, m.name()).getOrDefault(c, Stat.NONE);
        Stat base = stats(baselineRows, m.name()).getOrDefault(c, Stat.NONE);
        if (cur.n() == 0 && base.n() == 0) {
          continue; // a metric this configuration's job does not report (or no successful run on either side)
        }
        cells.add(new Cell(c, m, cur, base, cur.n() > 0 && base.n() > 0 && m.regressed(base.mean(), cur.mean())));
      }
    }
    return new SweepComparison(current, baseline, cells);
  }

  /** Per configuration, in row order: the statistics of one value over the successful runs that have it. */
  public static Map<String, Stat> stats(List<RunRow> rows, String value) {
    Map<String, List<Double>> by = new LinkedHashMap<>();
    for (RunRow r : rows) {
      by.computeIfAbsent(r.config(), k -> new ArrayList<>());
      if (r.ok() && !Double.isNaN(r.value(value))) {
        by.get(r.config()).add(r.value(value));
      }
    }
    Map<String, Stat> out = new LinkedHashMap<>();
    by.forEach((k, v) -> out.put(k, Stat.of(v)));
    return out;
  }

  public List<Cell> regressions() {
    return cells.stream().filter(Cell::regressed).toList();
  }

  /** The comparison as a markdown table. */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("| configuration | metric | better | baseline `").append(baseline.id()).append("` | current `").append(current.id())
        .append("` | difference | tolerance | verdict |\n");
    sb.append("|---|---|---|---|---|---|---|---|\n");
    for (Cell c : cells) {
      sb.append("| ").append(c.config()).append(" | ").append(c.metric().name()).append(" | ").append(c.metric().direction().configName())
          .append(" | ").append(c.baseline().text()).append(" | ").append(c.current().text()).append(" | ")
          .append(c.baseline().n() > 0 && c.current().n() > 0 ? signed(c.difference()) : "–").append(" | ")
          .append(c.metric().toleranceText()).append(" | ").append(c.regressed() ? "**REGRESSION**" : c.verdict()).append(" |\n");
    }
    return sb.toString();
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a != 0 && (a < 0.01 || a >= 1e5) ? "%.3g" : a >= 100 ? "%.1f" : "%.4f", v);
  }

  static String signed(double v) {
    return (v >= 0 ? "+" : "") + number(v);
  }
}
