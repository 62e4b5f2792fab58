package io.fedspark.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;

/** The grouped bar chart: a decodable PNG whose bar heights follow the values, with error bars where asked. */
class BarChartTest {
  private static final int BLUE = ChartCanvas.color(0).getRGB();

  private static BarChart chart() {
    return new BarChart("t", "y", List.of("a", "b"))
        .add(new BarChart.Series("s1", new double[] {1, 4}, new double[] {0, 0.5}))
        .add(new BarChart.Series("s2", new double[] {2, Double.NaN}, new double[] {0, 0}));
  }

  @Test
  void barsAreDrawnToScaleInTheirGroupsWithErrorBarsWhereGiven() throws Exception {
    BarChart chart = chart();
    byte[] png = chart.toPng();
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(900, img.getWidth());
    assertEquals(500, img.getHeight());
    assertArrayEquals(png, chart().toPng(), "same input, same bytes");

    JFreeChart jf = chart.chart();
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage drawn = jf.createBufferedImage(BarChart.WIDTH, BarChart.HEIGHT, BufferedImage.TYPE_INT_RGB, info);
    Rectangle area = info.getPlotInfo().getDataArea().getBounds();
    int mid = area.x + area.width / 2;
    int[] a = blueBar(drawn, area, area.x, mid);
    int[] b = blueBar(drawn, area, mid, area.x + area.width);
    assertTrue(a[0] > 0 && b[0] > 0, a[0] + " " + b[0]);
    assertEquals(4.0, (double) b[0] / a[0], 0.1, "bar heights in proportion to the values 1 and 4");
    // s1 in group b has error 0.5: a black whisker above its top; group a's bar has error 0: none
    assertTrue(blackAbove(drawn, area, b), "error bar above the bar of value 4 +- 0.5");
    assertTrue(!blackAbove(drawn, area, a), "no error bar for error 0");
    assertThrows(IllegalArgumentException.class, () -> chart.add(new BarChart.Series("bad", new double[] {1},
        new double[] {0})));
    assertThrows(IllegalArgumentException.class, () -> chart.add(new BarChart.Series("s1", new double[] {1, 2},
        new double[] {0, 0})));
  }

  /** {height, top row, centre column} of the tallest run of series-1 pixels between two columns of the plot area. */
  private static int[] blueBar(BufferedImage img, Rectangle area, int from, int to) {
    int[] best = {0, 0, 0};
    for (int x = from; x < to; x++) {
      int n = 0;
      int top = -1;
      for (int y = area.y; y < area.y + area.height; y++) {
        if (img.getRGB(x, y) == BLUE) {
          n++;
          top = top < 0 ? y : top;
        }
      }
      if (n > best[0]) {
        best = new int[] {n, top, x};
      }
    }
    // centre of the bar, found on its second-lowest row (below any error bar drawn over it)
    int row = best[1] + best[0] - 2;
    int right = best[2];
    while (right + 1 < to && img.getRGB(right + 1, row) == BLUE) {
      right++;
    }
    best[2] = (best[2] + right) / 2;
    return best;
  }

  private static boolean blackAbove(BufferedImage img, Rectangle area, int[] bar) {
    for (int y = area.y + 2; y < bar[1] - 1; y++) {
      for (int x = bar[2] - 1; x <= bar[2] + 1; x++) {
        int rgb = img.getRGB(x, y);
        if (((rgb >> 16) & 0xff) < 80 && ((rgb >> 8) & 0xff) < 80 && (rgb & 0xff) < 80) {
          return true;
        }
      }
    }
    return false;
  }
}
