package io.fedspark.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnitSource;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * What every fedspark PNG chart shares: headless rendering of a JFreeChart chart at a fixed size,
 * the series palette (matplotlib's "tab10"), sans-serif fonts large enough to read in a report,
 * the legend below the plot area (outside it, so it never covers data), light grid lines, and PNG
 * encoding. Rendering is deterministic: the same chart renders to the same pixels, and the same
 * pixels encode to the same bytes (ImageIO's PNG writer adds no time stamp).
 */
public final class ChartCanvas {
  static {
    // Before any chart class touches AWT: CI machines have no display. An explicit setting wins.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  static final Color[] PALETTE = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
    new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
    new Color(188, 189, 34), new Color(23, 190, 207)
  };
  /** Opacity of a spread band over the plot background; lines and bars are opaque. */
  static final float BAND_ALPHA = 0.22f;

  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Color GRID = new Color(215, 215, 215);

  /** Most ticks an axis gets; JFreeChart alone packs ticks as densely as the labels allow. */
  static final int MAX_TICKS = 12;

  private ChartCanvas() {}

  /**
   * A numeric axis that ticks at 1, 2 or 5 times a power of ten, only at integers if
   * {@code integers} (rounds, epochs, steps), with at most {@value #MAX_TICKS} ticks; it does not
   * force 0 into its range.
   */
  static NumberAxis numberAxis(String label, boolean integers) {
    NumberAxis axis = new SparseNumberAxis(label);
    axis.setStandardTickUnits(integers ? NumberAxis.createIntegerTickUnits() : NumberAxis.createStandardTickUnits());
    axis.setAutoRangeIncludesZero(false);
    return axis;
  }

  /** JFreeChart's automatic tick choice, then the next larger unit until at most {@value #MAX_TICKS} ticks remain. */
  private static final class SparseNumberAxis extends NumberAxis {
    private static final long serialVersionUID = 1L;

    SparseNumberAxis(String label) {
      super(label);
    }

    @Override
    protected void selectAutoTickUnit(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
      super.selectAutoTickUnit(g2, dataArea, edge);
      TickUnitSource units = getStandardTickUnits();
      while (getRange().getLength() / getTickUnit().getSize() > MAX_TICKS) {
        setTickUnit((NumberTickUnit) units.getLargerTickUnit(getTickUnit()), false, false);
      }
    }
  }

  /** The colour of series {@code k}. */
  static Color color(int k) {
    return PALETTE[k % PALETTE.length];
  }

  /** A chart around {@code plot} with the shared title font, white background and legend below the plot. */
  static JFreeChart chart(String title, Plot plot) {
    JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    chart.setPadding(new RectangleInsets(6, 6, 6, 12));
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setItemFont(LEGEND_FONT);
    legend.setFrame(BlockBorder.NONE);
    legend.setBackgroundPaint(Color.WHITE);
    legend.setMargin(new RectangleInsets(6, 0, 0, 0));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.DARK_GRAY);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(GRID);
      xy.setRangeGridlinePaint(GRID);
      xy.setDomainGridlineStroke(new BasicStroke(1f));
      xy.setRangeGridlineStroke(new BasicStroke(1f));
      xy.setAxisOffset(RectangleInsets.ZERO_INSETS);
      style(xy.getDomainAxis());
      style(xy.getRangeAxis());
    } else if (plot instanceof CategoryPlot cat) {
      cat.setRangeGridlinePaint(GRID);
      cat.setRangeGridlineStroke(new BasicStroke(1f));
      cat.setAxisOffset(RectangleInsets.ZERO_INSETS);
      style(cat.getDomainAxis());
      style(cat.getRangeAxis());
    }
    return chart;
  }

  private static void style(Axis axis) {
    axis.setLabelFont(LABEL_FONT);
    axis.setTickLabelFont(TICK_FONT);
    axis.setLabelPaint(Color.BLACK);
    axis.setTickLabelPaint(Color.BLACK);
  }

  /** {@code chart} drawn on a white {@code width x height} RGB image, in headless AWT. */
  static BufferedImage image(JFreeChart chart, int width, int height) {
    return chart.createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
  }

  /** {@code image} as PNG bytes. */
  public static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a PNG: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
