package io.fedspark.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The grouped bar chart: a decodable PNG whose bar heights follow the values. */
class BarChartTest {
  private static final int BLUE = new java.awt.Color(31, 119, 180).getRGB();

  @Test
  void barsAreDrawnToScaleInTheirGroups() throws Exception {
    BarChart chart = new BarChart("t", "y", List.of("a", "b"))
        .add(new BarChart.Series("s1", new double[] {1, 4}, new double[] {0, 0.5}))
        .add(new BarChart.Series("s2", new double[] {2, Double.NaN}, new double[] {0, 0}));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(chart.toPng()));
    assertEquals(900, img.getWidth());
    assertEquals(500, img.getHeight());
    int a = blueHeight(img, 70, 70 + 330);
    int b = blueHeight(img, 70 + 330, 70 + 660);
    assertTrue(a > 0 && b > 0, a + " " + b);
    assertEquals(4.0, (double) b / a, 0.1, "bar heights in proportion to the values 1 and 4");
    assertThrows(IllegalArgumentException.class, () -> chart.add(new BarChart.Series("bad", new double[] {1},
        new double[] {0})));
  }

  /** The tallest run of series-1 pixels in a column range (the legend is outside the plot). */
  private static int blueHeight(BufferedImage img, int from, int to) {
    int best = 0;
    for (int x = from; x < to; x++) {
      int n = 0;
      for (int y = 0; y < img.getHeight(); y++) {
        if (img.getRGB(x, y) == BLUE) {
          n++;
        }
      }
      best = Math.max(best, n);
    }
    return best;
  }
}
