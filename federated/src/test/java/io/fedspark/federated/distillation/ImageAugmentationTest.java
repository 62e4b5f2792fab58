package io.fedspark.federated.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.FloatMatrix;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Augmentations are pure functions of (pixels, seed node, example id) and keep the image shape. */
@Tag("line-independent")
class ImageAugmentationTest {
  private static final ImageAugmentation STRONG = ImageAugmentation.barlowTwinsDefault();

  private static FloatMatrix images(int n) {
    FloatMatrix x = KernelRidgeSystemTest.gaussian(n, 784, 3);
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = Math.abs(x.data()[i]);
    }
    return x;
  }

  @Test
  void sameSeedAndIdGiveTheSameViewWhateverTheBlock() {
    FloatMatrix x = images(3);
    FloatMatrix before = x.copy();
    SeedSequence seed = SeedSequence.root(7).derive("step", 1);
    FloatMatrix all = STRONG.apply(x, new long[] {10, 11, 12}, seed);
    assertEquals(3, all.nrow());
    assertEquals(784, all.ncol());
    assertArrayEquals(before.toArray(), x.toArray(), "the input is not modified");
    assertArrayEquals(all.toArray(), STRONG.apply(x, new long[] {10, 11, 12}, seed).toArray());
    FloatMatrix alone = STRONG.apply(x.rows(2, 1), new long[] {12}, seed);
    assertArrayEquals(all.rows(2, 1).toArray(), alone.toArray(), "row 12 alone is augmented as in its block");
    FloatMatrix otherSeed = STRONG.apply(x, new long[] {10, 11, 12}, SeedSequence.root(7).derive("step", 2));
    assertFalse(Arrays.equals(all.toArray(), otherSeed.toArray()));
    FloatMatrix otherId = STRONG.apply(x.rows(2, 1), new long[] {13}, seed);
    assertFalse(Arrays.equals(alone.toArray(), otherId.toArray()));
  }

  @Test
  void identityAndIntegerShiftsAreExact() {
    FloatMatrix x = images(2);
    assertArrayEquals(x.toArray(), ImageAugmentation.none(28, 28).apply(x, new long[] {0, 1},
        SeedSequence.root(1)).toArray());
    FloatMatrix dot = new FloatMatrix(1, 784);
    dot.set(0, 14 * 28 + 14, 1f);
    ImageAugmentation shift = new ImageAugmentation(28, 28, 3, 0, 1, 0);
    for (long id = 0; id < 20; id++) {
      float[] v = shift.apply(dot, new long[] {id}, SeedSequence.root(5)).toArray();
      int at = -1;
      for (int p = 0; p < v.length; p++) {
        if (v[p] != 0f) {
          assertEquals(-1, at, "a shift moves the single pixel, it does not spread it");
          at = p;
          assertEquals(1f, v[p]);
        }
      }
      assertTrue(Math.abs(at / 28 - 14) <= 3 && Math.abs(at % 28 - 14) <= 3, "moved by at most 3: " + at);
    }
  }

  @Test
  void smallRotationsKeepACentredBlobsMass() {
    FloatMatrix blob = new FloatMatrix(1, 784);
    for (int r = 10; r < 18; r++) {
      for (int c = 10; c < 18; c++) {
        blob.set(0, r * 28 + c, 1f);
      }
    }
    ImageAugmentation rotate = new ImageAugmentation(28, 28, 0, 15, 1, 0);
    for (long id = 0; id < 10; id++) {
      float[] v = rotate.apply(blob, new long[] {id}, SeedSequence.root(9)).toArray();
      double mass = 0;
      for (float p : v) {
        assertTrue(p >= -1e-6f && p <= 1 + 1e-6f, "bilinear interpolation stays within the input range");
        mass += p;
      }
      // rotation about the centre preserves area; bilinear resampling loses or gains a little at edges
      assertEquals(64, mass, 3, "mass after rotation " + id);
    }
  }

  @Test
  void noiseHasTheRequestedStandardDeviation() {
    ImageAugmentation noise = new ImageAugmentation(28, 28, 0, 0, 1, 0.1);
    FloatMatrix zeros = new FloatMatrix(50, 784);
    long[] ids = new long[50];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    float[] v = noise.apply(zeros, ids, SeedSequence.root(3)).toArray();
    double sum = 0;
    double sq = 0;
    for (float p : v) {
      sum += p;
      sq += p * p;
    }
    double mean = sum / v.length;
    double std = Math.sqrt(sq / v.length - mean * mean);
    // 39,200 draws: the standard error of the mean is 5e-4 and of the std about 4e-4; 5 of each
    assertEquals(0, mean, 2.5e-3);
    assertEquals(0.1, std, 2e-3);
  }

  @Test
  void refusesRowsOfTheWrongSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> STRONG.apply(new FloatMatrix(2, 100), new long[] {0, 1}, SeedSequence.root(1)));
    assertTrue(e.getMessage().contains("2 x 100") && e.getMessage().contains("784"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ImageAugmentation(28, 28, 28, 0, 1, 0));
  }
}
