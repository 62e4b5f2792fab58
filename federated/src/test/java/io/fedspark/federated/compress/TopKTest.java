package io.fedspark.federated.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Top-k keeps exactly the k largest magnitudes, ties to the lower index; selection agrees with sorting. */
class TopKTest {
  @Test
  void keepsTheLargestMagnitudesWithTheirSigns() {
    float[] sent = new float[5];
    new TopK(0.4).compress(new float[] {0.1f, -3f, 2f, -0.5f, 2.5f}, sent); // k = 2
    assertArrayEquals(new float[] {0, -3f, 0, 0, 2.5f}, sent);
  }

  @Test
  void tiesAtTheKthMagnitudeGoToTheLowerIndex() {
    float[] sent = new float[6];
    new TopK(0.5).compress(new float[] {1f, -2f, 1f, -1f, 1f, 0f}, sent); // k = 3: -2 and the first two 1s
    assertArrayEquals(new float[] {1f, -2f, 1f, 0, 0, 0}, sent);
  }

  @Test
  void kIsTheCeilingAndAtLeastOne() {
    assertEquals(1, new TopK(0.001).k(10));
    assertEquals(2, new TopK(0.11).k(10));
    assertEquals(10, new TopK(1.0).k(10));
    assertEquals(1591, new TopK(0.01).k(159_010));
  }

  @Test
  void selectionAgreesWithSortingOnRandomVectors() {
    SplittableRandom r = new SplittableRandom(5);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + r.nextInt(300);
      float[] a = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = r.nextInt(4) == 0 ? r.nextInt(3) : (float) r.nextGaussian(); // many ties
      }
      float[] sorted = a.clone();
      Arrays.sort(sorted);
      int rank = r.nextInt(n);
      assertEquals(sorted[rank], TopK.select(a.clone(), rank), 0f, "trial " + trial);
      double fraction = (1 + r.nextInt(n)) / (double) n;
      float[] sent = new float[n];
      TopK top = new TopK(fraction);
      top.compress(a, sent);
      // the reference: indices sorted by magnitude descending, then index ascending; the first k are sent
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Math.abs(a[x]) != Math.abs(a[y]) ? Float.compare(Math.abs(a[y]), Math.abs(a[x]))
          : Integer.compare(x, y));
      float[] expected = new float[n];
      for (int j = 0; j < top.k(n); j++) {
        expected[order[j]] = a[order[j]];
      }
      assertArrayEquals(expected, sent, 0f, "trial " + trial);
    }
  }

  @Test
  void refusesAFractionOutsideZeroToOne() {
    assertEquals("top-k: fraction = 0.0, expected a number in (0, 1]",
        assertThrows(IllegalArgumentException.class, () -> new TopK(0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TopK(1.5));
    assertThrows(IllegalArgumentException.class, () -> new TopK(Double.NaN));
  }
}
