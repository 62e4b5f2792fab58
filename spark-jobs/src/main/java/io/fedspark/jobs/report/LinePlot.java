package io.fedspark.jobs.report;

import java.awt.BasicStroke;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.Range;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * A PNG line chart (one or more series over a shared numeric x axis), drawn by JFreeChart in
 * headless mode at 800 x 500. A series may carry a spread band, e.g. mean +- one standard
 * deviation over seeds or min..max, drawn as a translucent area of the series colour behind the
 * lines. The x axis ticks at integers only when every x value is an integer (rounds, epochs,
 * steps); both axes step in 1, 2 or 5 times a power of ten. The legend sits below the plot area.
 */
public final class LinePlot extends Chart {
  /** Width of the PNG in pixels. */
  public static final int WIDTH = 800;
  /** Height of the PNG in pixels. */
  public static final int HEIGHT = 500;
  /** A series with more points than this is drawn as a line without point markers. */
  private static final int MARKER_LIMIT = 40;

  /**
   * One named series of (x, y) points with an optional band {@code low[i] .. high[i]} around
   * {@code y[i]}; points with a non-finite x or y are skipped, and a non-finite band bound draws
   * no band at that point.
   *
   * @param low lower band bound per point, or null for no band (then {@code high} is null too)
   * @param high upper band bound per point, or null for no band
   */
  public record Series(String name, double[] x, double[] y, double[] low, double[] high) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException("series " + name + ": " + x.length + " x values but " + y.length + " y values");
      }
      if ((low == null) != (high == null)) {
        throw new IllegalArgumentException("series " + name + ": a band needs both bounds, got "
            + (low == null ? "no low bounds" : "no high bounds"));
      }
      if (low != null && (low.length != x.length || high.length != x.length)) {
        throw new IllegalArgumentException("series " + name + ": " + x.length + " points but " + low.length
            + " low and " + high.length + " high band bounds");
      }
    }

    /** A series without a band. */
    public Series(String name, double[] x, double[] y) {
      this(name, x, y, null, null);
    }

    /**
     * A series of means with the band {@code mean +- std} (e.g. over seeds); a NaN std (one seed)
     * draws no band at that point.
     */
    public static Series meanStd(String name, double[] x, double[] mean, double[] std) {
      if (std.length != mean.length) {
        throw new IllegalArgumentException("series " + name + ": " + mean.length + " means but " + std.length
            + " standard deviations");
      }
      double[] low = new double[mean.length];
      double[] high = new double[mean.length];
      for (int i = 0; i < mean.length; i++) {
        low[i] = mean[i] - std[i];
        high[i] = mean[i] + std[i];
      }
      return new Series(name, x, mean, low, high);
    }

    /** Whether the series carries a band. */
    public boolean hasBand() {
      return low != null;
    }
  }

  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();

  public LinePlot(String title, String xLabel, String yLabel) {
    super("line plot", title, WIDTH, HEIGHT);
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds a series; series names must differ (each is one legend entry). */
  public LinePlot add(Series s) {
    claimSeriesName(s.name());
    series.add(s);
    return this;
  }

  /** The JFreeChart chart this plot renders (for tests that inspect axes and ticks). */
  @Override
  JFreeChart chart() {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    DeviationRenderer renderer = new DeviationRenderer(true, false);
    renderer.setAlpha(ChartCanvas.BAND_ALPHA);
    for (int k = 0; k < series.size(); k++) {
      Series s = series.get(k);
      YIntervalSeries points = new YIntervalSeries(s.name(), false, true);
      for (int i = 0; i < s.x().length; i++) {
        double x = s.x()[i];
        double y = s.y()[i];
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
          continue;
        }
        boolean band = s.hasBand() && Double.isFinite(s.low()[i]) && Double.isFinite(s.high()[i]);
        points.add(x, y, band ? Math.min(y, s.low()[i]) : y, band ? Math.max(y, s.high()[i]) : y);
      }
      data.addSeries(points);
      renderer.setSeriesPaint(k, ChartCanvas.color(k));
      renderer.setSeriesFillPaint(k, ChartCanvas.color(k));
      renderer.setSeriesStroke(k, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      boolean markers = points.getItemCount() <= MARKER_LIMIT;
      renderer.setSeriesShapesVisible(k, markers);
      renderer.setSeriesShape(k, new Ellipse2D.Double(-3, -3, 6, 6));
    }
    NumberAxis xAxis = ChartCanvas.numberAxis(xLabel, integral(series));
    NumberAxis yAxis = ChartCanvas.numberAxis(yLabel, false);
    widenIfFlat(xAxis, DatasetUtils.findDomainBounds(data, false));
    widenIfFlat(yAxis, DatasetUtils.findRangeBounds(data, true));
    XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
    return ChartCanvas.chart(title(), plot);
  }

  /**
   * A single value (one point, or a constant curve) would give an axis of zero length, which
   * JFreeChart stretches to its 1e-8 minimum and labels with meaningless digits: give such an axis
   * a span of 10% of the value (1 around 0) instead.
   */
  private static void widenIfFlat(NumberAxis axis, Range range) {
    if (range != null && range.getLength() == 0) {
      double v = range.getLowerBound();
      axis.setAutoRangeMinimumSize(v == 0 ? 1 : Math.abs(v) / 10);
    }
  }

  /** Whether every finite x value of every series is an integer (rounds, epochs, steps). */
  static boolean integral(List<Series> series) {
    boolean any = false;
    for (Series s : series) {
      for (double x : s.x()) {
        if (Double.isFinite(x)) {
          if (x != Math.rint(x)) {
            return false;
          }
          any = true;
        }
      }
    }
    return any;
  }
}
