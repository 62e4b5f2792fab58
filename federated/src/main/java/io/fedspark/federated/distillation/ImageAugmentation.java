package io.fedspark.federated.distillation;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.random.SeedSequence;
import java.io.Serializable;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Random geometric and noise augmentation of single-channel images stored as flat rows
 * ({@code height * width} floats, row-major), as pure seeded functions: the view of example
 * {@code id} under seed node {@code s} depends only on its pixels, {@code s} and {@code id}
 * (row i draws from {@code s.derive("augment", id)}), never on which other rows share its block,
 * so a Spark job gets the same views whatever its partitioning.
 *
 * <p>Per example, in this order: an integer shift {@code (dx, dy)} uniform in
 * {@code [-maxShift, maxShift]^2} (a random crop of the image zero-padded by {@code maxShift}, as
 * torchvision/kornia {@code RandomCrop(padding=p)}), a rotation by an angle uniform in
 * {@code [-maxRotationDegrees, maxRotationDegrees]} and a zoom by a factor log-uniform in
 * {@code [1/maxScale, maxScale]}, both about the image centre; then i.i.d. Gaussian noise of
 * standard deviation {@code noiseStd} on every pixel (not clipped). Output pixel {@code p} takes
 * the input at {@code c + S^-1 R^-1 (p - c - t)} by bilinear interpolation with zeros outside,
 * so a pure integer shift is an exact copy. The geometric parameters are always drawn, so turning
 * noise on or off does not change the shifts. Images are not flipped: MNIST digits are not
 * mirror-symmetric (the reference flips CIFAR images).
 *
 * @param height image rows
 * @param width image columns
 * @param maxShift largest shift in pixels, in {@code [0, min(height, width))}
 * @param maxRotationDegrees largest rotation, in {@code [0, 180]}
 * @param maxScale largest zoom factor, at least 1 (1 = no zoom)
 * @param noiseStd standard deviation of the additive Gaussian noise, finite and at least 0
 */
public record ImageAugmentation(int height, int width, int maxShift, double maxRotationDegrees, double maxScale,
    double noiseStd) implements Serializable {

  public ImageAugmentation {
    String prefix = "image augmentation: ";
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(prefix + "image is " + height + " x " + width
          + ", expected positive height and width");
    }
    if (maxShift < 0 || maxShift >= Math.min(height, width)) {
      throw new IllegalArgumentException(prefix + "maxShift is " + maxShift + ", expected an integer in [0, "
          + Math.min(height, width) + ")");
    }
    if (!(maxRotationDegrees >= 0 && maxRotationDegrees <= 180)) {
      throw new IllegalArgumentException(prefix + "maxRotationDegrees is " + maxRotationDegrees
          + ", expected a number in [0, 180]");
    }
    if (!(maxScale >= 1) || Double.isInfinite(maxScale)) {
      throw new IllegalArgumentException(prefix + "maxScale is " + maxScale + ", expected a finite number >= 1");
    }
    if (!(noiseStd >= 0) || Double.isInfinite(noiseStd)) {
      throw new IllegalArgumentException(prefix + "noiseStd is " + noiseStd + ", expected a finite number >= 0");
    }
  }

  /** The identity on {@code height x width} images. */
  public static ImageAugmentation none(int height, int width) {
    return new ImageAugmentation(height, width, 0, 0, 1, 0);
  }

  /**
   * The real-batch augmentation of the KRR-ST outer step on 28x28 images: random crops with
   * padding 3, the reference's {@code RandomCrop(32, padding=4)} scaled to 28 pixels (its
   * horizontal flip is left out, see the class comment).
   */
  public static ImageAugmentation distillationDefault() {
    return new ImageAugmentation(28, 28, 3, 0, 1, 0);
  }

  /**
   * The two-view augmentation for Barlow Twins on 28x28 digits: shifts up to 3 pixels, rotations
   * up to 15 degrees, zoom up to 1.15x either way and noise of standard deviation 0.1 (pixels in
   * [0, 1]); a CPU-scale stand-in for the paper's crop, colour and blur pipeline.
   */
  public static ImageAugmentation barlowTwinsDefault() {
    return new ImageAugmentation(28, 28, 3, 15, 1.15, 0.1);
  }

  /** {@code height * width}, the length of one row. */
  public int pixels() {
    return height * width;
  }

  /** True if every view equals its input. */
  public boolean isIdentity() {
    return maxShift == 0 && maxRotationDegrees == 0 && maxScale == 1 && noiseStd == 0;
  }

  /**
   * The augmented views of a block of rows, as a new {@code n x pixels()} matrix.
   *
   * @param rows {@code n x pixels()}, not modified
   * @param exampleIds one id per row (e.g. the example's index in the dataset); row i uses
   *     {@code seed.derive("augment", exampleIds[i])}
   * @param seed the node of this use (e.g. one outer step, or one view of a Barlow Twins batch)
   */
  public FloatMatrix apply(FloatMatrix rows, long[] exampleIds, SeedSequence seed) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(exampleIds, "exampleIds");
    Objects.requireNonNull(seed, "seed");
    if (rows.ncol() != pixels()) {
      throw new IllegalArgumentException("image augmentation: rows are " + rows.shape() + " but a " + height
          + " x " + width + " image has " + pixels() + " pixels");
    }
    if (exampleIds.length != rows.nrow()) {
      throw new IllegalArgumentException("image augmentation: " + rows.nrow() + " rows but " + exampleIds.length
          + " example ids");
    }
    FloatMatrix out = new FloatMatrix(rows.nrow(), pixels());
    for (int i = 0; i < rows.nrow(); i++) {
      augmentRow(rows.data(), rows.offset() + i * pixels(), out.data(), i * pixels(),
          seed.derive("augment", exampleIds[i]).random());
    }
    return out;
  }

  /**
   * One view: reads {@code pixels()} floats of {@code src} from {@code srcOffset}, writes the view
   * to {@code dst} from {@code dstOffset} (the ranges must not overlap), drawing from {@code random}.
   */
  public void augmentRow(float[] src, int srcOffset, float[] dst, int dstOffset, SplittableRandom random) {
    int dx = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
    int dy = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
    double angle = Math.toRadians(maxRotationDegrees) * (2 * random.nextDouble() - 1);
    double scale = Math.exp(Math.log(maxScale) * (2 * random.nextDouble() - 1));
    if (angle == 0 && scale == 1) {
      shift(src, srcOffset, dst, dstOffset, dx, dy);
    } else {
      warp(src, srcOffset, dst, dstOffset, dx, dy, angle, scale);
    }
    if (noiseStd > 0) {
      for (int p = 0; p < pixels(); p++) {
        dst[dstOffset + p] += (float) (noiseStd * random.nextGaussian());
      }
    }
  }

  private void shift(float[] src, int so, float[] dst, int dOff, int dx, int dy) {
    for (int r = 0; r < height; r++) {
      int sr = r - dy;
      for (int c = 0; c < width; c++) {
        int sc = c - dx;
        dst[dOff + r * width + c] = sr >= 0 && sr < height && sc >= 0 && sc < width ? src[so + sr * width + sc] : 0f;
      }
    }
  }

  private void warp(float[] src, int so, float[] dst, int dOff, int dx, int dy, double angle, double scale) {
    double cy = (height - 1) / 2.0;
    double cx = (width - 1) / 2.0;
    double cos = Math.cos(angle) / scale;
    double sin = Math.sin(angle) / scale;
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        double u = c - cx - dx;
        double v = r - cy - dy;
        // inverse of "rotate by angle, then zoom by scale": rotate by -angle, divide by scale
        double x = cos * u + sin * v + cx;
        double y = -sin * u + cos * v + cy;
        dst[dOff + r * width + c] = (float) bilinear(src, so, x, y);
      }
    }
  }

  private double bilinear(float[] src, int so, double x, double y) {
    int x0 = (int) Math.floor(x);
    int y0 = (int) Math.floor(y);
    double fx = x - x0;
    double fy = y - y0;
    return (1 - fy) * ((1 - fx) * pixel(src, so, y0, x0) + fx * pixel(src, so, y0, x0 + 1))
        + fy * ((1 - fx) * pixel(src, so, y0 + 1, x0) + fx * pixel(src, so, y0 + 1, x0 + 1));
  }

  private double pixel(float[] src, int so, int r, int c) {
    return r >= 0 && r < height && c >= 0 && c < width ? src[so + r * width + c] : 0.0;
  }
}
