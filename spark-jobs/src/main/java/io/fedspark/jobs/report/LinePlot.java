package io.fedspark.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small PNG line chart (one or more series over a shared x axis) drawn with java.awt in headless
 * mode, so runs can show their curves without any plotting dependency.
 */
public final class LinePlot {
  /** One named series of (x, y) points; NaN y values are skipped. */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
      }
    }
  }

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();

  public LinePlot(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  public LinePlot add(Series s) {
    series.add(s);
    return this;
  }

  /** Renders the chart as PNG bytes (800 x 500). */
  public byte[] toPng() {
    int w = 800;
    int h = 500;
    int left = 70;
    int right = 180;
    int top = 40;
    int bottom = 55;
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isFinite(s.y()[i]) && Double.isFinite(s.x()[i])) {
          minX = Math.min(minX, s.x()[i]);
          maxX = Math.max(maxX, s.x()[i]);
          minY = Math.min(minY, s.y()[i]);
          maxY = Math.max(maxY, s.y()[i]);
        }
      }
    }
    if (!Double.isFinite(minX)) {
      minX = 0;
      maxX = 1;
      minY = 0;
      maxY = 1;
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    if (maxY == minY) {
      maxY = minY + 1;
    }
    double padY = (maxY - minY) * 0.05;
    minY -= padY;
    maxY += padY;

    BufferedImage img = ChartCanvas.blank(w, h);
    Graphics2D g = ChartCanvas.graphics(img);
    int pw = w - left - right;
    int ph = h - top - bottom;
    ChartCanvas.frame(g, left, top, pw, ph);
    for (int t = 0; t <= 5; t++) {
      double vy = minY + t * (maxY - minY) / 5;
      int y = top + ph - t * ph / 5;
      g.drawString(fmt(vy), 5, y + 4);
      double vx = minX + t * (maxX - minX) / 5;
      int x = left + t * pw / 5;
      g.drawString(fmt(vx), x - 10, top + ph + 18);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, left, 25);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(xLabel, left + pw / 2 - 20, h - 12);
    g.drawString(yLabel, 5, top - 8);
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      g.setColor(ChartCanvas.color(k));
      g.setStroke(new BasicStroke(2f));
      int px = -1;
      int py = -1;
      for (int i = 0; i < s.x().length; i++) {
        if (!Double.isFinite(s.y()[i])) {
          continue;
        }
        int x = left + (int) Math.round((s.x()[i] - minX) / (maxX - minX) * pw);
        int y = top + ph - (int) Math.round((s.y()[i] - minY) / (maxY - minY) * ph);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        g.fillOval(x - 2, y - 2, 5, 5);
        px = x;
        py = y;
      }
      g.fillRect(left + pw + 15, top + 10 + k * 20, 14, 4);
      g.setColor(Color.BLACK);
      g.drawString(s.name(), left + pw + 35, top + 16 + k * 20);
    }
    g.dispose();
    return ChartCanvas.png(img);
  }

  private static String fmt(double v) {
    if (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v != 0)) {
      return String.format(Locale.ROOT, "%.2e", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
