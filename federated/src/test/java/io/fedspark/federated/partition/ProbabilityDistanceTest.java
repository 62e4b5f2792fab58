package io.fedspark.federated.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
class ProbabilityDistanceTest {
  private static final double EXACT = 1e-12;

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void pointMassAgainstUniformByHand() {
    double[] p = {1, 0};
    double[] q = {0.5, 0.5};
    // H = sqrt(1/2 ((1 - sqrt .5)^2 + (0 - sqrt .5)^2)) = sqrt(1 - sqrt .5) = 0.5411961...
    double h = Math.sqrt(0.5 * (Math.pow(1 - Math.sqrt(0.5), 2) + Math.pow(Math.sqrt(0.5), 2)));
    assertEquals(h, ProbabilityDistance.hellinger(p, q), EXACT);
    assertEquals(0.5411961, ProbabilityDistance.hellinger(p, q), 1e-7);
    // m = (0.75, 0.25); KL(p||m) = log2(4/3); KL(q||m) = 0.5 log2(2/3) + 0.5 log2(2) = 0.2075...
    // JS = 0.5 * 0.4150375 + 0.5 * 0.2075187 = 0.3112781; distance = sqrt(JS) = 0.5579230
    double js = 0.5 * log2(4.0 / 3) + 0.5 * (0.5 * log2(2.0 / 3) + 0.5 * log2(2));
    assertEquals(Math.sqrt(js), ProbabilityDistance.jensenShannon(p, q), EXACT);
    assertEquals(0.5579230, ProbabilityDistance.jensenShannon(p, q), 1e-7);
    assertEquals(ProbabilityDistance.jensenShannon(q, p), ProbabilityDistance.jensenShannon(p, q),
        EXACT);
  }

  @Test
  void disjointSupportsAreAtDistanceOneAndEqualOnesAtZero() {
    double[] a = {1, 0, 0};
    double[] b = {0, 0.5, 0.5};
    assertEquals(1.0, ProbabilityDistance.hellinger(a, b), EXACT);
    assertEquals(1.0, ProbabilityDistance.jensenShannon(a, b), EXACT);
    double[] c = {0.2, 0.3, 0.5};
    assertEquals(0.0, ProbabilityDistance.hellinger(c, c.clone()), EXACT);
    assertEquals(0.0, ProbabilityDistance.jensenShannon(c, c.clone()), EXACT);
  }

  @Test
  void threeClassCaseByHand() {
    double[] p = {0.5, 0.5, 0};
    double[] q = {0.25, 0.25, 0.5};
    // sum (sqrt p - sqrt q)^2 = 2 (sqrt .5 - .5)^2 + .5
    double h = Math.sqrt(0.5 * (2 * Math.pow(Math.sqrt(0.5) - 0.5, 2) + 0.5));
    assertEquals(h, ProbabilityDistance.hellinger(p, q), EXACT);
    // m = (3/8, 3/8, 1/4): KL(p||m) = log2(4/3); KL(q||m) = 0.5 log2(2/3) + 0.5 log2(2)
    double js = 0.5 * log2(4.0 / 3) + 0.5 * (0.5 * log2(2.0 / 3) + 0.5);
    assertEquals(Math.sqrt(js), ProbabilityDistance.jensenShannon(p, q), EXACT);
  }

  @Test
  void mismatchedLengthsAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ProbabilityDistance.hellinger(new double[2], new double[3]));
    assertEquals("distributions over 2 and 3 classes: expected equal", e.getMessage());
  }
}
