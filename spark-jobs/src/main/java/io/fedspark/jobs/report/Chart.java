package io.fedspark.jobs.report;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import org.jfree.chart.JFreeChart;

/**
 * What {@link LinePlot} and {@link BarChart} share: a title, a fixed PNG size, one legend entry
 * per uniquely named series, and rendering through JFreeChart in headless mode
 * ({@link ChartCanvas}). The subclasses build the plot itself.
 */
public abstract class Chart {
  private final String kind;
  private final String title;
  private final int width;
  private final int height;
  private final Set<String> seriesNames = new HashSet<>();

  /**
   * @param kind what the chart is called in error messages, e.g. {@code "line plot"}
   * @param title the title drawn above the plot
   * @param width the PNG width in pixels
   * @param height the PNG height in pixels
   */
  Chart(String kind, String title, int width, int height) {
    this.kind = kind;
    this.title = title;
    this.width = width;
    this.height = height;
  }

  /** The title drawn above the plot. */
  final String title() {
    return title;
  }

  /** Reserves a series name, each being one legend entry; a second series of the same name is an error. */
  final void claimSeriesName(String name) {
    if (!seriesNames.add(name)) {
      throw new IllegalArgumentException(kind + " '" + title + "': a second series named '" + name
          + "'; expected distinct names");
    }
  }

  /** Renders the chart as PNG bytes at this chart's size. */
  public final byte[] toPng() {
    return ChartCanvas.png(toImage());
  }

  /** Renders the chart on an image of this chart's size. */
  public final BufferedImage toImage() {
    return ChartCanvas.image(chart(), width, height);
  }

  /** The JFreeChart chart this chart renders (for tests that inspect axes and ticks). */
  abstract JFreeChart chart();
}
