package io.fedspark.federated.data;

/**
 * The images of one IDX image file (magic 0x00000803): {@code count} images of {@code rows x
 * cols} pixels, row-major, each pixel scaled from an unsigned byte to {@code value / 255}.
 *
 * @param count the number of images
 * @param rows the pixel rows per image
 * @param cols the pixel columns per image
 * @param pixels {@code count * rows * cols} values in [0, 1]; the backing array, not a copy
 */
public record IdxImages(int count, int rows, int cols, float[] pixels) {

  /**
   * Checks the sizes: the pixel array must hold {@code count * rows * cols} values.
   *
   * @param count the number of images
   * @param rows the pixel rows per image
   * @param cols the pixel columns per image
   * @param pixels the scaled pixels
   */
  public IdxImages {
    if (count < 0 || rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(
          "IDX images: count " + count + ", rows " + rows + ", cols " + cols
              + ": expected count >= 0 and positive rows and cols");
    }
    if (pixels == null || (long) count * rows * cols != pixels.length) {
      throw new IllegalArgumentException(
          "IDX images: " + count + " x " + rows + " x " + cols + " needs "
              + (long) count * rows * cols + " pixels, got "
              + (pixels == null ? "null" : String.valueOf(pixels.length)));
    }
  }

  /** @return pixels per image, {@code rows * cols} */
  public int pixelsPerImage() {
    return rows * cols;
  }
}
