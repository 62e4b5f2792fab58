package io.fedspark.jobs.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small PNG grouped bar chart (named categories on the x axis, one bar per series in each
 * group, optional +- error whiskers) drawn with java.awt in headless mode, the categorical
 * counterpart of {@link LinePlot}. Bars start at 0; NaN values leave their slot empty.
 */
public final class BarChart {
  /**
   * One named series: a value per category and a non-negative error (e.g. a standard deviation)
   * drawn as a whisker, 0 for none.
   */
  public record Series(String name, double[] values, double[] errors) {
    public Series {
      if (values.length != errors.length) {
        throw new IllegalArgumentException("series " + name + ": " + values.length + " values but " + errors.length
            + " errors");
      }
    }
  }

  private final String title;
  private final String yLabel;
  private final List<String> categories;
  private final List<Series> series = new ArrayList<>();

  public BarChart(String title, String yLabel, List<String> categories) {
    this.title = title;
    this.yLabel = yLabel;
    this.categories = List.copyOf(categories);
  }

  public BarChart add(Series s) {
    if (s.values().length != categories.size()) {
      throw new IllegalArgumentException("series " + s.name() + ": " + s.values().length + " values for "
          + categories.size() + " categories");
    }
    series.add(s);
    return this;
  }

  /** Renders the chart as PNG bytes (900 x 500). */
  public byte[] toPng() {
    int w = 900;
    int h = 500;
    int left = 70;
    int right = 170;
    int top = 50;
    int bottom = 60;
    double maxY = 0;
    double minY = 0;
    for (Series s : series) {
      for (int i = 0; i < s.values().length; i++) {
        double v = s.values()[i];
        if (Double.isFinite(v)) {
          double e = Double.isFinite(s.errors()[i]) ? Math.abs(s.errors()[i]) : 0;
          maxY = Math.max(maxY, v + e);
          minY = Math.min(minY, v - e);
        }
      }
    }
    if (maxY == minY) {
      maxY = minY + 1;
    }
    maxY += (maxY - minY) * 0.05;

    BufferedImage img = ChartCanvas.blank(w, h);
    Graphics2D g = ChartCanvas.graphics(img);
    int pw = w - left - right;
    int ph = h - top - bottom;
    double lo = minY;
    double hi = maxY;
    java.util.function.DoubleToIntFunction yOf = v -> top + ph - (int) Math.round((v - lo) / (hi - lo) * ph);
    ChartCanvas.frame(g, left, top, pw, ph);
    for (int t = 0; t <= 5; t++) {
      double vy = lo + t * (hi - lo) / 5;
      g.drawString(String.format(Locale.ROOT, "%.2f", vy), 5, top + ph - t * ph / 5 + 4);
    }
    int groups = Math.max(1, categories.size());
    double groupWidth = (double) pw / groups;
    int bars = Math.max(1, series.size());
    double barWidth = groupWidth * 0.8 / bars;
    FontMetrics fm = g.getFontMetrics();
    for (int c = 0; c < categories.size(); c++) {
      String label = categories.get(c);
      int cx = left + (int) Math.round((c + 0.5) * groupWidth);
      g.setColor(Color.BLACK);
      g.drawString(label, cx - fm.stringWidth(label) / 2, top + ph + 18);
      for (int k = 0; k < series.size(); k++) {
        double v = series.get(k).values()[c];
        if (!Double.isFinite(v)) {
          continue;
        }
        int x0 = left + (int) Math.round(c * groupWidth + groupWidth * 0.1 + k * barWidth);
        int bw = Math.max(1, (int) Math.round(barWidth) - 2);
        int y0 = yOf.applyAsInt(0);
        int y1 = yOf.applyAsInt(v);
        g.setColor(ChartCanvas.color(k));
        g.fillRect(x0, Math.min(y0, y1), bw, Math.max(1, Math.abs(y1 - y0)));
        double e = series.get(k).errors()[c];
        if (Double.isFinite(e) && e > 0) {
          int xm = x0 + bw / 2;
          g.setColor(Color.BLACK);
          int ya = yOf.applyAsInt(v - e);
          int yb = yOf.applyAsInt(v + e);
          g.drawLine(xm, ya, xm, yb);
          g.drawLine(xm - 3, ya, xm + 3, ya);
          g.drawLine(xm - 3, yb, xm + 3, yb);
        }
      }
    }
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, left, 22);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(yLabel, 5, top - 8);
    for (int k = 0; k < series.size(); k++) {
      g.setColor(ChartCanvas.color(k));
      g.fillRect(left + pw + 15, top + 8 + k * 20, 14, 10);
      g.setColor(Color.BLACK);
      g.drawString(series.get(k).name(), left + pw + 35, top + 17 + k * 20);
    }
    g.dispose();
    return ChartCanvas.png(img);
  }
}
