package io.fedspark.jobs.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * What every fedspark PNG chart shares (java.awt in headless mode, no plotting dependency): the
 * series palette (matplotlib's "tab10"), a white antialiased canvas, the plot frame with five
 * horizontal grid lines, and PNG encoding.
 */
public final class ChartCanvas {
  static final Color[] PALETTE = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
    new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127)
  };

  private ChartCanvas() {}

  /** The colour of series {@code k}. */
  static Color color(int k) {
    return PALETTE[k % PALETTE.length];
  }

  /** A white {@code w x h} RGB image (headless AWT). */
  static BufferedImage blank(int w, int h) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }

  /** Antialiased graphics on {@code image} with a 12 pt sans-serif font; the caller disposes it. */
  static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return g;
  }

  /** The plot area's frame at (left, top), {@code pw x ph}, with light grid lines at every fifth of its height. */
  static void frame(Graphics2D g, int left, int top, int pw, int ph) {
    g.setColor(new Color(230, 230, 230));
    for (int t = 0; t <= 5; t++) {
      int y = top + ph - t * ph / 5;
      g.drawLine(left, y, left + pw, y);
    }
    g.setColor(Color.BLACK);
    g.drawRect(left, top, pw, ph);
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
