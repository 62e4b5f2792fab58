package io.fedspark.federated.unlearning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.random.SeedSequence;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The bisection projection onto {0 <= w <= 1, sum w = m}, and the index-set helpers. */
@Tag("line-independent")
class CappedSimplexProjectionTest {
  private final CappedSimplexProjection projection = new CappedSimplexProjection();

  @Test
  void handComputedCase() {
    // mu = 0.2: clip(0.3) + clip(1.3) + clip(-0.4) + clip(0.7) = 0.3 + 1 + 0 + 0.7 = 2
    double[] w = projection.project(new double[] {0.5, 1.5, -0.2, 0.9}, 2);
    assertArrayEquals(new double[] {0.3, 1, 0, 0.7}, w, 1e-5);
    assertEquals(0.2, projection.shift(new double[] {0.5, 1.5, -0.2, 0.9}, 2), 1e-5);
  }

  @Test
  void feasibleIndicatorStaysPut() {
    double[] w = {0, 1, 1, 0, 0, 1};
    assertArrayEquals(w, projection.project(w, 3), 1e-5);
  }

  /**
   * Random vectors of several scales and sizes, integer and fractional totals: the result is in
   * the box, sums to m within the tolerance 1e-5, and is no farther from v than random feasible
   * points (the projection is the closest point; slack 2e-5: each of the two approximate
   * projections may sit up to about the tolerance 1e-5 from the exact one).
   */
  @Test
  void randomInputsLandOnTheCappedSimplexAtTheClosestPoint() {
    SplittableRandom r = SeedSequence.root(42).derive("projection-test").random();
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(300);
      double scale = Math.pow(10, r.nextInt(5) - 2);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = (r.nextDouble() * 2 - 0.5) * scale;
      }
      double m = trial % 2 == 0 ? r.nextInt(n + 1) : r.nextDouble() * n;
      double[] w = projection.project(v, m);
      double sum = 0;
      for (double x : w) {
        assertTrue(x >= 0 && x <= 1, "entry " + x + " outside [0, 1]");
        sum += x;
      }
      assertEquals(m, sum, 1e-5, "trial " + trial + ": n " + n + ", m " + m);
      double best = distance(w, v);
      for (int k = 0; k < 5; k++) {
        double[] u = projection.project(randomVector(r, n), m); // another feasible point
        assertTrue(best <= distance(u, v) + 2e-5, "trial " + trial + ": a feasible point is closer to v");
      }
    }
  }

  @Test
  void badInputsAreRejectedWithTheirValues() {
    var e = assertThrows(IllegalArgumentException.class, () -> projection.project(new double[] {0.1, 0.2}, 3));
    assertEquals("capped-simplex projection: total 3.0 is not in [0, 2] (the vector's length)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> projection.project(new double[] {0.1, Double.NaN}, 1));
    assertEquals("capped-simplex projection: entry 1 is NaN, expected a finite number", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new CappedSimplexProjection(0, 100));
    assertTrue(e.getMessage().contains("tolerance is 0.0"), e.getMessage());
  }

  @Test
  void forgetSetHelpers() {
    int[] a = ForgetSets.random(100, 10, SeedSequence.root(3));
    assertArrayEquals(a, ForgetSets.random(100, 10, SeedSequence.root(3)));
    assertEquals(10, java.util.Arrays.stream(a).distinct().count());
    for (int k = 1; k < a.length; k++) {
      assertTrue(a[k - 1] < a[k]);
    }
    assertArrayEquals(new int[] {0, 2, 4}, ForgetSets.complement(5, new int[] {3, 1}));
    // ties go to the lower index
    assertArrayEquals(new int[] {0, 1}, ForgetSets.topM(new double[] {0.5, 0.9, 0.5, 0.5}, 2));
    var e = assertThrows(IllegalArgumentException.class, () -> ForgetSets.complement(5, new int[] {1, 1}));
    assertEquals("forget-set index 1 is repeated (position 1)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ForgetSets.complement(5, new int[] {5}));
    assertEquals("forget-set index 5 (position 0) is out of range [0, 5)", e.getMessage());
  }

  private static double[] randomVector(SplittableRandom r, int n) {
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = r.nextDouble() * 3 - 1;
    }
    return u;
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
