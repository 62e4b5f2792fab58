package io.fedspark.jobs.unlearn;

import io.fedspark.federated.unlearning.ForgetKind;
import io.fedspark.jobs.io.RunDirectory;
import io.fedspark.jobs.report.BarChart;
import io.fedspark.jobs.JobRun;
import io.fedspark.jobs.report.MetricsTable;
import io.fedspark.jobs.report.PairedFindings;
import io.fedspark.jobs.report.RunColumns;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The output files of {@code fedspark unlearn}: results.csv, results.json, results.parquet (one
 * row per grid cell, {@link UnlearnRow.Table}; the Parquet table with the run's columns), summary.md (mean +-
 * sample std over seeds per method x kind x ratio, then the paired comparisons of {@link UnlearnFindings}) and gap-to-retrain.png (a bar chart of the mean
 * gap per method, one series per forget kind).
 */
final class UnlearnReport {
  private UnlearnReport() {}

  /**
   * What the report shows: a heading line, the methods in grid order with their result names and
   * the forget kinds, and whether rows are per
   * forgotten client (federated) rather than per ratio.
   */
  record Layout(String heading, List<String> methods, List<ForgetKind> kinds,
      boolean byClient) {
    static Layout of(UnlearnOptions opts) {
      return new Layout(String.format(Locale.ROOT, "Model %s on %s; mean +- sample std over %d seed(s)", opts.model(),
          opts.dataset().configName(), opts.seeds().size()),
          opts.methods().stream().map(UnlearnCells::methodName).toList(), opts.forgetKinds(), false);
    }

  }

  static void write(JobRun job, List<UnlearnRow> rows, Layout opts) {
    RunDirectory dir = job.runDir();
    new MetricsTable<>("results", rows.stream().map(UnlearnRow::table).toList()).write(dir, job.spark(),
        RunColumns.of(dir.name(), job.context().command(), job.run().seed(), job.config(), k -> k.startsWith("unlearn.")));
    dir.writeString("summary.md", summary(rows, opts));
    byte[] png = chart(rows, opts).toPng();
    dir.files().write(dir.resolve("gap-to-retrain.png"), out -> out.write(png));
  }

  static String summary(List<UnlearnRow> rows, Layout opts) {
    StringBuilder md = new StringBuilder("# Unlearning audit\n\n");
    md.append(String.format(Locale.ROOT, "%s; MIA attacker: %s "
        + "(feature %s). Gap = average |difference| to Retrain over UA, MIA, RA, TA (percentage points).%n%n",
        opts.heading(), rows.isEmpty() ? "-" : rows.get(0).miaAttacker(),
        rows.isEmpty() ? "-" : rows.get(0).miaFeature()));
    md.append("| method | forget kind | ").append(opts.byClient() ? "client(s)" : "ratio")
        .append(" | UA | RA | TA | MIA | RTE (s) | gap to Retrain |\n");
    md.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, List<UnlearnRow>> e : groups(rows, opts.byClient()).entrySet()) {
      List<UnlearnRow> g = e.getValue();
      UnlearnRow f = g.get(0);
      String where = opts.byClient()
          ? g.stream().map(r -> Integer.toString(r.client())).distinct().collect(Collectors.joining(" "))
          : Double.toString(f.ratio());
      md.append("| ").append(f.method()).append(" | ").append(f.forgetKind()).append(" | ").append(where)
          .append(" | ").append(ms(g, UnlearnRow::ua)).append(" | ").append(ms(g, UnlearnRow::ra)).append(" | ")
          .append(ms(g, UnlearnRow::ta)).append(" | ").append(ms(g, UnlearnRow::mia)).append(" | ")
          .append(ms(g, UnlearnRow::rteSeconds)).append(" | ").append(ms(g, UnlearnRow::gap)).append(" |\n");
    }
    List<PairedFindings.Finding> findings = UnlearnFindings.of(rows);
    if (!findings.isEmpty()) {
      md.append("\n## Paired comparisons\n\nWorst-case - ").append(opts.byClient() ? "client 0" : "random")
          .append(" forget set with the same seed (the same original model), in percentage points; mean and Student-t"
              + " 95% confidence interval over the seeds; verdict against the paper's reported effect (reproduced: the"
              + " interval lies on the reported side of 0; not reproduced: on the other side; inconclusive: it"
              + " contains 0).\n\n")
          .append(PairedFindings.markdown(findings, "method", "per seed"));
    }
    return md.toString();
  }

  /**
   * Rows grouped by (method, kind, ratio), in grid order of first appearance; per client, also by
   * the client, except for the worst-case client (which may differ between seeds).
   */
  private static Map<String, List<UnlearnRow>> groups(List<UnlearnRow> rows, boolean byClient) {
    Map<String, List<UnlearnRow>> out = new LinkedHashMap<>();
    for (UnlearnRow r : rows) {
      String client = byClient && !r.forgetKind().equals(ForgetKind.WORST_CASE_CLIENT.configName())
          ? "/" + r.client() : "";
      out.computeIfAbsent(r.method() + "/" + r.forgetKind() + "/" + r.ratio() + client, k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  private static String ms(List<UnlearnRow> g, ToDoubleFunction<UnlearnRow> f) {
    double[] v = g.stream().mapToDouble(f).toArray();
    double mean = mean(v);
    if (Double.isNaN(mean)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f +- %.2f", mean, std(v, mean));
  }

  /** Sample standard deviation (0 for fewer than 2 values). */
  private static double std(double[] v, double mean) {
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? Double.NaN : s / v.length;
  }

  /**
   * Mean gap to Retrain per method (bars, +- sample std over seeds as whiskers), one series per
   * forget kind (all ratios pooled): the paper's random vs worst-case comparison.
   */
  static BarChart chart(List<UnlearnRow> rows, Layout opts) {
    BarChart chart = new BarChart("Gap to Retrain per method (mean +- std over seeds)", "average gap (pp)",
        opts.methods());
    for (ForgetKind kind : opts.kinds()) {
      double[] means = new double[opts.methods().size()];
      double[] stds = new double[means.length];
      for (int i = 0; i < means.length; i++) {
        String name = opts.methods().get(i);
        double[] gaps = rows.stream().filter(r -> r.method().equals(name) && r.forgetKind().equals(kind.configName()))
            .mapToDouble(UnlearnRow::gap).filter(Double::isFinite).toArray();
        means[i] = mean(gaps);
        stds[i] = std(gaps, means[i]);
      }
      chart.add(new BarChart.Series(kind.configName(), means, stds));
    }
    return chart;
  }
}
