package io.fedspark.federated.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.FloatMatrix;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Barlow Twins loss against hand-worked values and its manual gradient against finite differences. */
@Tag("line-independent")
class BarlowTwinsLossTest {

  @Test
  void perfectlyCorrelatedAndDecorrelatedViewsCostNothing() {
    // two orthogonal +-1 columns with mean 0 and variance 1: C = I exactly (epsilon 0), so L = 0
    FloatMatrix z = FloatMatrix.wrap(new float[] {1, 1, -1, 1, 1, -1, -1, -1}, 4, 2);
    BarlowTwinsLoss.Result r = BarlowTwinsLoss.compute(z, z.copy(), 0.0051, 0);
    assertEquals(0, r.loss(), 1e-15);
    assertEquals(1, r.meanDiagonal(), 1e-15);
  }

  @Test
  void redundantColumnsPayTheOffDiagonalTerm() {
    // both columns equal: C is all ones, so the diagonal costs 0 and the two off-diagonals lambda each
    FloatMatrix z = FloatMatrix.wrap(new float[] {1, 1, -1, -1, 2, 2, -2, -2}, 4, 2);
    double lambda = 0.25;
    assertEquals(2 * lambda, BarlowTwinsLoss.compute(z, z.copy(), lambda, 0).loss(), 1e-14);
    // opposite views: C = -1 on the diagonal, (1 - (-1))^2 = 4 per dimension, plus the off-diagonals
    FloatMatrix minus = FloatMatrix.wrap(new float[] {-1, -1, 1, 1, -2, -2, 2, 2}, 4, 2);
    assertEquals(8 + 2 * lambda, BarlowTwinsLoss.compute(z, minus, lambda, 0).loss(), 1e-14);
  }

  /**
   * Central differences on random embeddings; the loss is evaluated in double from float inputs,
   * so the perturbation is the float difference actually applied. Step 1e-3 on O(1) values:
   * truncation ~1e-6 relative; the analytic gradient is rounded to float (6e-8). Tolerance 1e-4 of
   * the largest gradient entry.
   */
  @Test
  void gradientMatchesFiniteDifferences() {
    int n = 7;
    int d = 4;
    FloatMatrix za = KernelRidgeSystemTest.gaussian(n, d, 21);
    FloatMatrix zb = KernelRidgeSystemTest.gaussian(n, d, 22);
    for (int i = 0; i < zb.size(); i++) {
      zb.data()[i] = 0.6f * zb.data()[i] + 0.8f * za.data()[i];
    }
    double lambda = 0.3;
    double eps = 1e-5;
    BarlowTwinsLoss.Result r = BarlowTwinsLoss.compute(za, zb, lambda, eps);
    for (FloatMatrix z : new FloatMatrix[] {za, zb}) {
      FloatMatrix analytic = z == za ? r.gradientA() : r.gradientB();
      double scale = KrrStOuterGradientTest.maxAbs(analytic);
      assertTrue(scale > 0);
      for (int i = 0; i < z.size(); i++) {
        float saved = z.data()[i];
        float up = saved + 1e-3f;
        float down = saved - 1e-3f;
        z.data()[i] = up;
        double plus = BarlowTwinsLoss.compute(za, zb, lambda, eps).loss();
        z.data()[i] = down;
        double minus = BarlowTwinsLoss.compute(za, zb, lambda, eps).loss();
        z.data()[i] = saved;
        double fd = (plus - minus) / ((double) up - down);
        assertEquals(fd, analytic.data()[i], 1e-4 * scale, (z == za ? "dL/dZ_A" : "dL/dZ_B") + " element " + i);
      }
    }
  }

  /**
   * Loss, mean diagonal and both gradients on a fixed 5 x 3 input, to the last bit: golden values
   * recorded before {@code compute} was split into its formula's pieces. Column 0 of Z_A has its
   * mean as an entry (a standardised 0), column 2 of Z_B is constant (s = sqrt(epsilon)).
   */
  @Test
  void smallFixedInputIsPinned() {
    FloatMatrix za = FloatMatrix.wrap(new float[] {1, 0.5f, -2, 2, -1.5f, 0.25f, 3, 2, 1, 4, -0.5f, 0, 5, 1.25f, 3}, 5, 3);
    FloatMatrix zb = FloatMatrix.wrap(new float[] {0.5f, 1, 7, 1.5f, -2, 7, 2.5f, 2.5f, 7, 4, -1, 7, 6, 0.75f, 7}, 5, 3);
    BarlowTwinsLoss.Result r = BarlowTwinsLoss.compute(za, zb, 0.3, 1e-5);
    assertEquals(1.250537283894333, r.loss(), 0);
    assertEquals(0.6518461893015433, r.meanDiagonal(), 0);
    assertArrayEquals(new float[] {0.0014790042f, -0.03885223f, 0.010111003f, -0.0051864404f, -0.008445975f,
        -0.05304154f, 0.006147953f, -0.017566802f, -0.018072758f, -0.0026524828f, 0.02239462f, 0.04381767f,
        2.1196535E-4f, 0.042470388f, 0.017185623f}, r.gradientA().data(), 0f);
    assertArrayEquals(new float[] {-0.015264364f, -0.01799513f, 191.8249f, 0.0034775862f, -6.3596474E-4f, 15.659176f,
        0.05147943f, 0.0016998394f, -43.062733f, -0.05593719f, 1.285931E-4f, 35.233147f, 0.016244536f, 0.016802663f,
        -199.6545f}, r.gradientB().data(), 0f);
  }

  /**
   * The same on a 9 x 6 random input with the paper's lambda, where 30 off-diagonal terms make the
   * order of every sum show in the last bits: golden loss, mean diagonal and hashes of the gradients'
   * float bits, recorded before the split.
   */
  @Test
  void randomInputIsPinnedToTheBit() {
    FloatMatrix za = KernelRidgeSystemTest.gaussian(9, 6, 31);
    FloatMatrix zb = KernelRidgeSystemTest.gaussian(9, 6, 32);
    for (int i = 0; i < zb.size(); i++) {
      zb.data()[i] = 0.5f * zb.data()[i] + za.data()[i];
    }
    BarlowTwinsLoss.Result r = BarlowTwinsLoss.compute(za, zb, BarlowTwinsLoss.DEFAULT_LAMBDA,
        BarlowTwinsLoss.DEFAULT_EPSILON);
    assertEquals(0.11524185618700482, r.loss(), 0);
    assertEquals(0.8807701254444349, r.meanDiagonal(), 0);
    assertEquals(478764343, Arrays.hashCode(r.gradientA().data()));
    assertEquals(-1005503187, Arrays.hashCode(r.gradientB().data()));
  }

  @Test
  void refusesMismatchedOrTinyBatches() {
    FloatMatrix a = new FloatMatrix(3, 2);
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> BarlowTwinsLoss.compute(a, new FloatMatrix(3, 3), 0.005, 1e-5));
    assertTrue(shape.getMessage().contains("3 x 2") && shape.getMessage().contains("3 x 3"), shape.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> BarlowTwinsLoss.compute(new FloatMatrix(1, 2), new FloatMatrix(1, 2), 0.005, 1e-5));
  }
}
