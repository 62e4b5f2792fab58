package io.fedspark.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.Test;

/**
 * The line chart: integer ticks for integer x values and 1-2-5 tick steps, the spread band in
 * its place and colour, a decodable PNG of the stated size, byte-identical output for the same
 * input.
 */
class LinePlotTest {
  private static final double[] ROUNDS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

  /** The accuracy-like curve that gave the old hand-made axes ticks such as 92.916 and 4.800. */
  private static LinePlot accuracyPlot(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 92.916 - 40 * Math.exp(-0.5 * i);
    }
    return new LinePlot("t", "round", "accuracy %").add(new LinePlot.Series("acc", x, y));
  }

  @Test
  void integerRoundsTickAtIntegersInOneTwoFiveSteps() {
    for (double[] x : List.of(ROUNDS, new double[] {1, 2, 3}, new double[] {1, 2}, rounds(200), new double[] {7})) {
      LinePlot plot = accuracyPlot(x);
      double[] xt = ticks(plot, true);
      assertTrue(xt.length >= 1, Arrays.toString(x));
      for (double t : xt) {
        assertEquals(Math.rint(t), t, 0, "x tick " + t + " for rounds " + Arrays.toString(x));
      }
      assertOneTwoFiveSteps(xt);
      double[] yt = ticks(plot, false);
      assertTrue(yt.length >= 3 && yt.length <= ChartCanvas.MAX_TICKS + 1, Arrays.toString(yt));
      assertOneTwoFiveSteps(yt);
    }
    // for three rounds JFreeChart's own choice would be 0.2 or 0.5 steps: rounds 1, 2, 3 only
    assertArrayEquals(new double[] {1, 2, 3}, ticks(accuracyPlot(new double[] {1, 2, 3}), true));
  }

  @Test
  void fractionalXValuesKeepFractionalTicks() {
    double[] xt = ticks(accuracyPlot(new double[] {0.5, 1.0, 1.5, 2.0}), true);
    assertTrue(Arrays.stream(xt).anyMatch(t -> t != Math.rint(t)), Arrays.toString(xt));
    assertOneTwoFiveSteps(xt);
  }

  @Test
  void integralMeansEveryFiniteXIsAnInteger() {
    assertTrue(LinePlot.integral(List.of(new LinePlot.Series("a", new double[] {1, 2, Double.NaN}, new double[3]))));
    assertFalse(LinePlot.integral(List.of(new LinePlot.Series("a", new double[] {1, 2}, new double[2]),
        new LinePlot.Series("b", new double[] {2.5}, new double[1]))));
    assertFalse(LinePlot.integral(List.of()), "no x values: not integral");
  }

  @Test
  void bandIsDrawnTranslucentAroundTheMean() {
    double[] mean = new double[ROUNDS.length];
    double[] std = new double[ROUNDS.length];
    Arrays.fill(mean, 50);
    Arrays.fill(std, 10);
    // a second, diagonal series from (1, 30) to (12, 70) gives both plots the same axes
    LinePlot.Series diagonal = new LinePlot.Series("range", new double[] {1, 12}, new double[] {30, 70});
    LinePlot banded = new LinePlot("t", "round", "y").add(LinePlot.Series.meanStd("s", ROUNDS, mean, std)).add(diagonal);
    LinePlot plain = new LinePlot("t", "round", "y").add(new LinePlot.Series("s", ROUNDS, mean)).add(diagonal);
    // a point between grid lines, inside the band (40..60) and away from the mean line
    Color inBand = pixel(banded, 5.5, 54.3);
    Color blue = ChartCanvas.color(0);
    float a = ChartCanvas.BAND_ALPHA;
    assertEquals(255 - a * (255 - blue.getRed()), inBand.getRed(), 3, inBand.toString());
    assertEquals(255 - a * (255 - blue.getGreen()), inBand.getGreen(), 3, inBand.toString());
    assertEquals(255 - a * (255 - blue.getBlue()), inBand.getBlue(), 3, inBand.toString());
    assertEquals(Color.WHITE, pixel(plain, 5.5, 54.3), "without a band the same spot is background");
    assertEquals(Color.WHITE, pixel(banded, 5.5, 63.3), "above the band is background");
  }

  @Test
  void pngHasTheStatedSizeAndTheSameInputGivesTheSameBytes() throws Exception {
    double[] mean = {80, 85, 88, 90};
    double[] std = {2, 1.5, 1, Double.NaN};
    double[] x = {1, 2, 3, 4};
    byte[] first = new LinePlot("t", "round", "y").add(LinePlot.Series.meanStd("a", x, mean, std)).toPng();
    byte[] second = new LinePlot("t", "round", "y").add(LinePlot.Series.meanStd("a", x, mean, std)).toPng();
    assertArrayEquals(first, second);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(first, 8));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(first));
    assertEquals(LinePlot.WIDTH, img.getWidth());
    assertEquals(LinePlot.HEIGHT, img.getHeight());
    mean[3] = 91;
    byte[] other = new LinePlot("t", "round", "y").add(LinePlot.Series.meanStd("a", x, mean, std)).toPng();
    assertFalse(Arrays.equals(first, other), "a different curve gives a different picture");
  }

  @Test
  void malformedSeriesAreRejectedWithTheirName() {
    double[] x = {1, 2};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LinePlot.Series("s", x, new double[] {1, 2}, new double[] {0, 1}, null));
    assertTrue(e.getMessage().contains("series s"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LinePlot.Series("s", x, x, new double[1], new double[1]));
    assertThrows(IllegalArgumentException.class, () -> LinePlot.Series.meanStd("s", x, x, new double[3]));
    LinePlot plot = new LinePlot("t", "x", "y").add(new LinePlot.Series("s", x, x));
    assertThrows(IllegalArgumentException.class, () -> plot.add(new LinePlot.Series("s", x, x)));
  }

  private static double[] rounds(int n) {
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = i + 1;
    }
    return r;
  }

  private static void assertOneTwoFiveSteps(double[] ticks) {
    if (ticks.length < 2) {
      return;
    }
    double step = ticks[1] - ticks[0];
    double scale = Math.pow(10, Math.floor(Math.log10(step) + 1e-9));
    double mantissa = step / scale;
    assertTrue(Math.abs(mantissa - 1) < 1e-6 || Math.abs(mantissa - 2) < 1e-6 || Math.abs(mantissa - 5) < 1e-6,
        "tick step " + step + " in " + Arrays.toString(ticks));
    for (int i = 1; i < ticks.length; i++) {
      assertEquals(step, ticks[i] - ticks[i - 1], step * 1e-6, Arrays.toString(ticks));
    }
  }

  /** The tick values of the x (or y) axis as laid out when the chart is drawn at its size. */
  private static double[] ticks(LinePlot plot, boolean x) {
    JFreeChart chart = plot.chart();
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage img = chart.createBufferedImage(LinePlot.WIDTH, LinePlot.HEIGHT, BufferedImage.TYPE_INT_RGB, info);
    Rectangle2D area = info.getPlotInfo().getDataArea();
    XYPlot xy = chart.getXYPlot();
    NumberAxis axis = (NumberAxis) (x ? xy.getDomainAxis() : xy.getRangeAxis());
    Graphics2D g = img.createGraphics();
    try {
      List<Double> values = new ArrayList<>();
      for (Object t : axis.refreshTicks(g, new AxisState(), area, x ? RectangleEdge.BOTTOM : RectangleEdge.LEFT)) {
        NumberTick tick = (NumberTick) t;
        if (tick.getTickType() == TickType.MAJOR) { // minor ticks are neither labelled nor drawn
          values.add(tick.getValue());
        }
      }
      return values.stream().mapToDouble(Double::doubleValue).toArray();
    } finally {
      g.dispose();
    }
  }

  /** The colour of the rendered chart at data coordinates (x, y). */
  private static Color pixel(LinePlot plot, double x, double y) {
    JFreeChart chart = plot.chart();
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage img = chart.createBufferedImage(LinePlot.WIDTH, LinePlot.HEIGHT, BufferedImage.TYPE_INT_RGB, info);
    Rectangle2D area = info.getPlotInfo().getDataArea();
    XYPlot xy = chart.getXYPlot();
    int px = (int) Math.round(xy.getDomainAxis().valueToJava2D(x, area, RectangleEdge.BOTTOM));
    int py = (int) Math.round(xy.getRangeAxis().valueToJava2D(y, area, RectangleEdge.LEFT));
    return new Color(img.getRGB(px, py));
  }
}
