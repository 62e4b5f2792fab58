package io.fedspark.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * A PNG grouped bar chart (named categories on the x axis, one bar per series in each group, an
 * optional +- error bar on each, e.g. one standard deviation over seeds), drawn by JFreeChart in
 * headless mode at 900 x 500, the categorical counterpart of {@link LinePlot}. Bars start at 0;
 * a NaN value leaves its slot empty. The y axis steps in 1, 2 or 5 times a power of ten and
 * includes the error bars; the legend sits below the plot area.
 */
public final class BarChart extends Chart {
  /** Width of the PNG in pixels. */
  public static final int WIDTH = 900;
  /** Height of the PNG in pixels. */
  public static final int HEIGHT = 500;

  /**
   * One named series: a value per category and a non-negative error (e.g. a standard deviation)
   * drawn as an error bar, 0 or NaN for none.
   */
  public record Series(String name, double[] values, double[] errors) {
    public Series {
      if (values.length != errors.length) {
        throw new IllegalArgumentException("series " + name + ": " + values.length + " values but " + errors.length
            + " errors");
      }
    }
  }

  private final String yLabel;
  private final List<String> categories;
  private final List<Series> series = new ArrayList<>();

  public BarChart(String title, String yLabel, List<String> categories) {
    super("bar chart", title, WIDTH, HEIGHT);
    this.yLabel = yLabel;
    this.categories = List.copyOf(categories);
  }

  /** Adds a series with one value per category; series names must differ (each is one legend entry). */
  public BarChart add(Series s) {
    if (s.values().length != categories.size()) {
      throw new IllegalArgumentException("series " + s.name() + ": " + s.values().length + " values for "
          + categories.size() + " categories");
    }
    claimSeriesName(s.name());
    series.add(s);
    return this;
  }

  /** The JFreeChart chart this bar chart renders (for tests that inspect its axes). */
  @Override
  JFreeChart chart() {
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    StatisticalBarRenderer renderer = new StatisticalBarRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(false);
    renderer.setItemMargin(0.05);
    renderer.setErrorIndicatorPaint(Color.BLACK);
    renderer.setErrorIndicatorStroke(new BasicStroke(1.2f));
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      for (int c = 0; c < categories.size(); c++) {
        double v = s.values()[c];
        double e = Math.abs(s.errors()[c]);
        Double mean = Double.isFinite(v) ? v : null;
        Double error = mean != null && Double.isFinite(e) && e > 0 ? e : null;
        data.add(mean, error, s.name(), categories.get(c));
      }
      renderer.setSeriesPaint(k, ChartCanvas.color(k));
    }
    CategoryAxis xAxis = new CategoryAxis();
    xAxis.setCategoryMargin(0.2);
    NumberAxis yAxis = ChartCanvas.numberAxis(yLabel, false);
    yAxis.setAutoRangeIncludesZero(true);
    CategoryPlot plot = new CategoryPlot(data, xAxis, yAxis, renderer);
    return ChartCanvas.chart(title(), plot);
  }
}
