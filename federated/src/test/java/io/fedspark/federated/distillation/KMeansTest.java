package io.fedspark.federated.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.FloatMatrix;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Seeded k-means++ with Lloyd iterations. */
@Tag("line-independent")
class KMeansTest {

  /** k well-separated Gaussian blobs (centres 10 apart, unit spread) of 30 points each, shuffled by blob. */
  private static FloatMatrix blobs(int k, int d, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    FloatMatrix x = new FloatMatrix(30 * k, d);
    for (int i = 0; i < x.nrow(); i++) {
      int c = i % k;
      for (int j = 0; j < d; j++) {
        x.set(i, j, (float) ((j == c % d ? 10.0 * (1 + c / d) : 0) + r.nextGaussian()));
      }
    }
    return x;
  }

  @Test
  void sameSeedSameClustering() {
    FloatMatrix x = KernelRidgeSystemTest.gaussian(200, 5, 1);
    KMeans.Result a = KMeans.fit(x, 7, 50, 3);
    KMeans.Result b = KMeans.fit(x, 7, 50, 3);
    assertArrayEquals(a.centroids().toArray(), b.centroids().toArray());
    assertArrayEquals(a.assignments(), b.assignments());
    KMeans.Result c = KMeans.fit(x, 7, 0, 4);
    assertTrue(c.inertia() != a.inertiaHistory()[0], "another seed seeds other centres");
  }

  @Test
  void lloydIterationsNeverIncreaseTheInertia() {
    FloatMatrix x = KernelRidgeSystemTest.gaussian(300, 4, 2);
    KMeans.Result r = KMeans.fit(x, 10, 100, 5);
    double[] h = r.inertiaHistory();
    assertTrue(h.length >= 2);
    for (int i = 1; i < h.length; i++) {
      // up to float rounding of the distances (O(1e-6) relative per point); a wrong update raises it far more
      assertTrue(h[i] <= h[i - 1] * (1 + 1e-6), "iteration " + i + ": " + h[i - 1] + " -> " + h[i]);
    }
    assertTrue(r.inertia() < 0.95 * h[0], "Lloyd improves on the k-means++ seeding: " + h[0] + " -> " + r.inertia());
    assertEquals(r.inertia(), KMeans.inertia(x, r.centroids(), r.assignments()), 1e-9 * r.inertia());
  }

  @Test
  void separatedBlobsAreRecovered() {
    int k = 4;
    FloatMatrix x = blobs(k, 3, 7);
    KMeans.Result r = KMeans.fit(x, k, 50, 11);
    Set<Integer> used = new HashSet<>();
    for (int c = 0; c < k; c++) {
      int label = r.assignments()[c];
      used.add(label);
      for (int i = c; i < x.nrow(); i += k) {
        assertEquals(label, r.assignments()[i], "point " + i + " of blob " + c);
      }
    }
    assertEquals(k, used.size(), "one cluster per blob");
    // each point deviates by a unit Gaussian in 3 dimensions: inertia about 3 per point
    assertEquals(3.0 * x.nrow(), r.inertia(), 0.5 * x.nrow());
  }
}
