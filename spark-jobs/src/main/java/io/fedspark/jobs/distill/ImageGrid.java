package io.fedspark.jobs.distill;

import io.fedspark.jobs.report.ChartCanvas;
import java.awt.image.BufferedImage;

/**
 * A PNG of images in a grid (the distilled inputs), grey levels as in the IDX file
 * ({@link IdxImageFile#quantize}, white strokes on black as MNIST), each pixel drawn as a
 * {@code scale x scale} square, one pixel of grey between images.
 */
public final class ImageGrid {
  private ImageGrid() {}

  public static byte[] png(float[] pixels, int count, int rows, int cols, int perRow, int scale) {
    System.setProperty("java.awt.headless", "true");
    int gridCols = Math.max(1, Math.min(perRow, count));
    int gridRows = (count + gridCols - 1) / gridCols;
    int cellW = cols * scale + 1;
    int cellH = rows * scale + 1;
    BufferedImage img = new BufferedImage(gridCols * cellW + 1, gridRows * cellH + 1, BufferedImage.TYPE_BYTE_GRAY);
    var raster = img.getRaster();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        raster.setSample(x, y, 0, 96);
      }
    }
    for (int k = 0; k < count; k++) {
      int ox = (k % gridCols) * cellW + 1;
      int oy = (k / gridCols) * cellH + 1;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          int v = IdxImageFile.quantize(pixels[(k * rows + r) * cols + c]);
          for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
              raster.setSample(ox + c * scale + dx, oy + r * scale + dy, 0, v);
            }
          }
        }
      }
    }
    return ChartCanvas.png(img);
  }
}
