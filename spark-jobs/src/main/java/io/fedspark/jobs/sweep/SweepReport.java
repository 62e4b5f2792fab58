package io.fedspark.jobs.sweep;

import io.fedspark.jobs.io.HadoopFiles;
import io.fedspark.jobs.report.LinePlot;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * The report written with every sweep into its store directory: {@code report.md}, a
 * self-contained {@code report.html} (the same content, plots embedded as base64 PNG data URIs)
 * and {@code plots/*.png}. Per tracked metric (wall time if none is tracked): a table of mean ±
 * standard deviation over seeds per configuration, a plot of the metric per configuration (this
 * sweep and its baseline) and a plot of its history over the past sweeps of the same name.
 */
public final class SweepReport {
  static final String MARKDOWN = "report.md";
  static final String HTML = "report.html";
  static final String PLOTS = "plots";
  /** Past sweeps shown in the history plots. */
  static final int HISTORY = 20;

  /** One past sweep and its rows. */
  public record Past(SweepMeta meta, List<RunRow> rows) {}

  /**
   * The report's files.
   *
   * @param markdown report.md
   * @param html report.html
   * @param plots the PNG files
   * @param table the per-configuration results table (markdown)
   */
  public record Written(Path markdown, Path html, List<Path> plots, String table) {}

  private SweepReport() {}

  /**
   * @param history past sweeps of the same name, oldest first, ending with the current one
   * @param comparison against the baseline, or null if there is none
   */
  public static Written write(HadoopFiles files, Path dir, SweepMeta meta, List<RunRow> rows, int plannedRuns, List<Past> history,
      SweepComparison comparison) {
    List<String> metrics = new ArrayList<>(meta.metrics().stream().map(TrackedMetric::name).toList());
    if (metrics.isEmpty()) {
      metrics.add("wall_seconds");
    }
    List<String> columns = new ArrayList<>(metrics);
    for (String m : List.of("wall_seconds", "examples_per_second")) {
      if (!columns.contains(m)) {
        columns.add(m);
      }
    }
    Set<String> configs = new LinkedHashSet<>();
    rows.forEach(r -> configs.add(r.config()));
    List<String> configList = new ArrayList<>(configs);

    String table = table(rows, configList, columns);
    StringBuilder md = new StringBuilder();
    appendSummary(md, meta, rows, plannedRuns, table);
    appendComparison(md, meta, comparison);
    Map<String, byte[]> pngs = appendPlots(md, metrics, configList, rows, history, comparison);
    appendFailures(md, rows);
    md.append("Rows: `results.csv`, `results.parquet`, `rows/*.json` in this directory.\n");

    List<Path> plotPaths = new ArrayList<>();
    for (var e : pngs.entrySet()) {
      Path p = new Path(dir, e.getKey());
      byte[] bytes = e.getValue();
      files.write(p, out -> out.write(bytes));
      plotPaths.add(p);
    }
    Path mdPath = new Path(dir, MARKDOWN);
    files.writeString(mdPath, md.toString());
    Path htmlPath = new Path(dir, HTML);
    files.writeString(htmlPath, html("Sweep " + meta.id(), md.toString(), pngs));
    return new Written(mdPath, htmlPath, plotPaths, table);
  }

  /** The title, what ran and the per-configuration table. */
  private static void appendSummary(StringBuilder md, SweepMeta meta, List<RunRow> rows, int plannedRuns, String table) {
    long ok = rows.stream().filter(RunRow::ok).count();
    md.append("# Sweep ").append(meta.id()).append("\n\n");
    md.append("Sweep `").append(meta.name()).append("` (").append(meta.source()).append("), first started ").append(meta.started())
        .append(" on `").append(meta.master()).append("`: ").append(ok).append(" of ").append(plannedRuns).append(" runs ok");
    long failed = rows.size() - ok;
    md.append(failed > 0 ? ", " + failed + " failed" : "").append(". Values: mean ± sample standard deviation (n = successful seeds).\n\n");
    md.append("## Results per configuration\n\n").append(table).append('\n');
  }

  /** The comparison with the baseline sweep, or why there is none. */
  private static void appendComparison(StringBuilder md, SweepMeta meta, SweepComparison comparison) {
    if (comparison != null) {
      md.append("## Compared with ").append(comparison.baseline().id()).append("\n\n");
      int regressions = comparison.regressions().size();
      md.append(regressions == 0 ? "No regression beyond tolerance." : regressions + " regression(s) beyond tolerance.").append("\n\n");
      md.append(comparison.markdown()).append('\n');
    } else if (!meta.metrics().isEmpty()) {
      md.append("## Compared with\n\nNo earlier sweep named `").append(meta.name()).append("` in the store: nothing to compare with.\n\n");
    }
  }

  /** Two plots per metric (per configuration, over past sweeps), referenced from the markdown; returns them by file name. */
  private static Map<String, byte[]> appendPlots(StringBuilder md, List<String> metrics, List<String> configList, List<RunRow> rows,
      List<Past> history, SweepComparison comparison) {
    Map<String, byte[]> pngs = new LinkedHashMap<>();
    md.append("## Plots\n\n");
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < configList.size(); i++) {
      labels.add("c" + (i + 1) + " = " + configList.get(i));
    }
    md.append("Configurations: ").append(String.join("; ", labels)).append(".\n\n");
    List<RunRow> baselineRows = null;
    if (comparison != null) {
      for (Past p : history) {
        if (p.meta().id().equals(comparison.baseline().id())) {
          baselineRows = p.rows();
        }
      }
    }
    for (String m : metrics) {
      String perConfig = PLOTS + "/" + m + "-per-config.png";
      pngs.put(perConfig, perConfig(m, configList, rows, comparison == null ? null : comparison.baseline().id(), baselineRows));
      md.append("![").append(m).append(" per configuration](").append(perConfig).append(")\n\n");
      String past = PLOTS + "/" + m + "-history.png";
      pngs.put(past, history(m, configList, history));
      md.append("![").append(m).append(" over past sweeps](").append(past).append(")\n\n");
    }
    return pngs;
  }

  /** The failed runs with their errors, if any. */
  private static void appendFailures(StringBuilder md, List<RunRow> rows) {
    if (rows.stream().anyMatch(r -> !r.ok())) {
      md.append("## Failed runs\n\n");
      for (RunRow r : rows) {
        if (!r.ok()) {
          md.append("- ").append(r.config()).append(", seed ").append(r.seed()).append(": ").append(r.error()).append('\n');
        }
      }
      md.append('\n');
    }
  }

  /** | job | configuration | seeds ok | metric ... |, one row per configuration. */
  static String table(List<RunRow> rows, List<String> configs, List<String> columns) {
    StringBuilder sb = new StringBuilder("| configuration | runs ok |");
    for (String c : columns) {
      sb.append(' ').append(c).append(" |");
    }
    sb.append("\n|---|---|").append("---|".repeat(columns.size())).append('\n');
    List<Map<String, SweepComparison.Stat>> stats = columns.stream().map(c -> SweepComparison.stats(rows, c)).toList();
    for (String config : configs) {
      long total = rows.stream().filter(r -> r.config().equals(config)).count();
      long ok = rows.stream().filter(r -> r.config().equals(config) && r.ok()).count();
      sb.append("| ").append(config).append(" | ").append(ok).append('/').append(total).append(" |");
      for (Map<String, SweepComparison.Stat> s : stats) {
        sb.append(' ').append(s.getOrDefault(config, SweepComparison.Stat.NONE).text()).append(" |");
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static byte[] perConfig(String metric, List<String> configs, List<RunRow> rows, String baselineId, List<RunRow> baselineRows) {
    LinePlot plot = new LinePlot(metric + " per configuration (mean over seeds, band ± 1 std)"
        + (baselineId == null ? "" : "; baseline " + baselineId),
        "configuration c1..c" + configs.size(), metric);
    plot.add(series("this sweep", metric, configs, rows));
    if (baselineRows != null) {
      plot.add(series("baseline", metric, configs, baselineRows));
    }
    return plot.toPng();
  }

  private static LinePlot.Series series(String name, String metric, List<String> configs, List<RunRow> rows) {
    Map<String, SweepComparison.Stat> s = SweepComparison.stats(rows, metric);
    double[] x = new double[configs.size()];
    double[] y = new double[configs.size()];
    double[] std = new double[configs.size()];
    for (int i = 0; i < configs.size(); i++) {
      SweepComparison.Stat stat = s.getOrDefault(configs.get(i), SweepComparison.Stat.NONE);
      x[i] = i + 1;
      y[i] = stat.mean();
      std[i] = stat.std();
    }
    return LinePlot.Series.meanStd(name, x, y, std);
  }

  private static byte[] history(String metric, List<String> configs, List<Past> history) {
    List<Past> recent = history.subList(Math.max(0, history.size() - HISTORY), history.size());
    LinePlot plot = new LinePlot(metric + " over the last " + recent.size() + " sweep(s) (mean over seeds, band ± 1 std)",
        "sweep (oldest 1 .. this one " + recent.size() + ")", metric);
    for (int c = 0; c < configs.size(); c++) {
      double[] x = new double[recent.size()];
      double[] y = new double[recent.size()];
      double[] std = new double[recent.size()];
      for (int i = 0; i < recent.size(); i++) {
        SweepComparison.Stat stat = SweepComparison.stats(recent.get(i).rows(), metric)
            .getOrDefault(configs.get(c), SweepComparison.Stat.NONE);
        x[i] = i + 1;
        y[i] = stat.mean();
        std[i] = stat.std();
      }
      if (java.util.Arrays.stream(y).anyMatch(Double::isFinite)) {
        plot.add(LinePlot.Series.meanStd("c" + (c + 1), x, y, std)); // configurations whose job reports the metric
      }
    }
    return plot.toPng();
  }

  /** The markdown of this report as a standalone HTML page (headings, tables, paragraphs, embedded images). */
  static String html(String title, String markdown, Map<String, byte[]> pngs) {
    StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse}"
            + "td,th{border:1px solid #bbb;padding:3px 8px;text-align:left}th{background:#eee}img{max-width:100%}</style>\n</head><body>\n");
    List<String> lines = markdown.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.startsWith("#")) {
        int level = l.indexOf(' ');
        h.append("<h").append(level).append('>').append(inline(l.substring(level + 1))).append("</h").append(level).append(">\n");
      } else if (l.startsWith("|")) {
        h.append("<table>\n");
        boolean header = true;
        for (; i < lines.size() && lines.get(i).startsWith("|"); i++) {
          String row = lines.get(i);
          if (row.matches("\\|(-+\\|)+")) {
            continue;
          }
          String[] cells = row.substring(1, row.length() - 1).split(" \\| |\\|", -1);
          h.append("<tr>");
          for (String c : cells) {
            h.append(header ? "<th>" : "<td>").append(inline(c.trim())).append(header ? "</th>" : "</td>");
          }
          h.append("</tr>\n");
          header = false;
        }
        i--;
        h.append("</table>\n");
      } else if (l.startsWith("![")) {
        String alt = l.substring(2, l.indexOf("]("));
        String src = l.substring(l.indexOf("](") + 2, l.length() - 1);
        byte[] png = pngs.get(src);
        h.append("<p><img alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
            .append(png == null ? "" : Base64.getEncoder().encodeToString(png)).append("\"></p>\n");
      } else if (l.startsWith("- ")) {
        h.append("<ul><li>").append(inline(l.substring(2))).append("</li></ul>\n");
      } else if (!l.isBlank()) {
        h.append("<p>").append(inline(l)).append("</p>\n");
      }
    }
    return h.append("</body></html>\n").toString();
  }

  private static String inline(String s) {
    return esc(s).replaceAll("\\*\\*([^*]+)\\*\\*", "<b>$1</b>").replaceAll("`([^`]+)`", "<code>$1</code>");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
