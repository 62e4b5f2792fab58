package io.fedspark.federated.distillation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.FloatMatrix;
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
