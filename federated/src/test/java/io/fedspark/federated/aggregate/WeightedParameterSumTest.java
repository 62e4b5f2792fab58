package io.fedspark.federated.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
class WeightedParameterSumTest {

  @Test
  void weightedMeanMatchesHandComputedValue() {
    // (1*1 + 2*2) / 3 = 5/3 and (1*3 + 2*0) / 3 = 1
    WeightedParameterSum s = WeightedParameterSum.zeros(2);
    s.add(new float[] {1f, 3f}, 1).add(new float[] {2f, 0f}, 2);
    float[] m = s.mean();
    assertEquals(5f / 3f, m[0], 1e-7f);
    assertEquals(1f, m[1], 1e-7f);
    assertEquals(3.0, s.totalWeight(), 0);
    assertEquals(2, s.count());
  }

  @Test
  void resultIsBitIdenticalForEveryOrderAndGrouping() {
    Random r = new Random(7);
    int dim = 257;
    List<float[]> vecs = new ArrayList<>();
    List<Double> ws = new ArrayList<>();
    for (int k = 0; k < 40; k++) {
      float[] v = new float[dim];
      for (int j = 0; j < dim; j++) {
        v[j] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(6) - 3));
      }
      vecs.add(v);
      ws.add((double) (1 + r.nextInt(600)));
    }
    float[] sequential = sumInOrder(vecs, ws, identity(40)).mean();
    for (int trial = 0; trial < 5; trial++) {
      List<Integer> order = identity(40);
      Collections.shuffle(order, new Random(trial));
      // grouped: 3 partial sums merged in reverse
      WeightedParameterSum a = sumInOrder(vecs, ws, order.subList(0, 11));
      WeightedParameterSum b = sumInOrder(vecs, ws, order.subList(11, 29));
      WeightedParameterSum c = sumInOrder(vecs, ws, order.subList(29, 40));
      float[] grouped = c.merge(b).merge(a).mean();
      assertArrayEquals(sequential, grouped, 0f, "order " + trial);
    }
    // and the fixed-point mean is within float rounding of a double-precision mean
    double[] ref = new double[dim];
    double tw = 0;
    for (int k = 0; k < 40; k++) {
      tw += ws.get(k);
      for (int j = 0; j < dim; j++) {
        ref[j] += ws.get(k) * vecs.get(k)[j];
      }
    }
    for (int j = 0; j < dim; j++) {
      double expected = ref[j] / tw;
      // one fixed-point rounding per term (2^-33 each, 40 terms) plus the final float rounding
      assertEquals(expected, sequential[j], Math.abs(expected) * 1.2e-7 + 40 * 0x1p-33, "index " + j);
    }
  }

  @Test
  void refusesMismatchedDimensionsEmptyTotalsAndHugeValues() {
    WeightedParameterSum s = WeightedParameterSum.zeros(3);
    var e = assertThrows(IllegalArgumentException.class, () -> s.add(new float[2], 1));
    assertTrue(e.getMessage().contains("length 2") && e.getMessage().contains("length 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.merge(WeightedParameterSum.zeros(4)));
    assertThrows(IllegalStateException.class, s::mean);
    assertThrows(IllegalArgumentException.class, () -> s.add(new float[3], 0));
    assertThrows(ArithmeticException.class, () -> s.add(new float[] {Float.NaN, 0, 0}, 1));
    assertThrows(ArithmeticException.class, () -> s.add(new float[] {3e9f, 0, 0}, 1));
  }

  private static WeightedParameterSum sumInOrder(List<float[]> vecs, List<Double> ws, List<Integer> order) {
    WeightedParameterSum s = WeightedParameterSum.zeros(vecs.get(0).length);
    for (int k : order) {
      s.add(vecs.get(k), ws.get(k));
    }
    return s;
  }

  private static List<Integer> identity(int n) {
    List<Integer> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(i);
    }
    return l;
  }
}
