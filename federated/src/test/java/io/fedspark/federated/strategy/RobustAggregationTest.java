package io.fedspark.federated.strategy;

import static io.fedspark.federated.strategy.Rounds.client;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.client.ClientUpdate;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Coordinate-wise median and trimmed mean against hand-computed values. The inputs are small
 * integers and halves, exact in float, and every result is exact too, so comparisons are exact
 * unless stated.
 */
@Tag("line-independent")
class RobustAggregationTest {
  private static final float[] GLOBAL3 = {0f, 0f, 0f};

  @Test
  void medianOfAnOddCountIsTheMiddleValueUnweighted() {
    // coordinate 0: {1, 3, 100} -> 3; coordinate 1: {5, 4, 6} -> 5; coordinate 2: {-1, -2, 0} -> -1
    // client 2 claims a million examples: the median ignores weights (FedAvg would give ~100 for coordinate 0)
    RoundUpdates r = Rounds.of(1, client(0, 1, 1f, 5f, -1f), client(1, 1, 3f, 4f, -2f), client(2, 1_000_000, 100f, 6f, 0f));
    assertArrayEquals(new float[] {3f, 5f, -1f}, new CoordinateMedian().aggregate(GLOBAL3, r));
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    // coordinate 0: {1, 3, 100, 2} -> sorted {1, 2, 3, 100} -> (2 + 3) / 2 = 2.5
    // coordinate 1: {5, 4, 6, -7} -> sorted {-7, 4, 5, 6} -> (4 + 5) / 2 = 4.5
    // coordinate 2: {-1, -2, 0, -1} -> sorted {-2, -1, -1, 0} -> (-1 + -1) / 2 = -1
    RoundUpdates r = Rounds.of(1, client(0, 1, 1f, 5f, -1f), client(1, 1, 3f, 4f, -2f), client(2, 1, 100f, 6f, 0f),
        client(3, 1, 2f, -7f, -1f));
    assertArrayEquals(new float[] {2.5f, 4.5f, -1f}, new CoordinateMedian().aggregate(GLOBAL3, r));
  }

  @Test
  void medianPureFunction() {
    assertEquals(7f, CoordinateMedian.medianOfSorted(new float[] {7f}));
    assertEquals(1.5f, CoordinateMedian.medianOfSorted(new float[] {1f, 2f}));
    assertEquals(2f, CoordinateMedian.medianOfSorted(new float[] {1f, 2f, 3f}));
    // the middle values are averaged in double: (16777216 + 16777218) / 2 = 16777217 is not a float
    // (25 bits) and is rounded once, to the even neighbour 16777216
    assertEquals(16777216f, CoordinateMedian.medianOfSorted(new float[] {16777216f, 16777218f}));
  }

  @Test
  void aNanFromAFaultyClientSortsAboveEverythingAndIsOutvoted() {
    // coordinate 0: {1, 2, NaN} -> sorted {1, 2, NaN} -> 2
    RoundUpdates r = Rounds.of(1, client(0, 1, 1f), client(1, 1, 2f));
    RoundUpdates withNan = new RoundUpdates(1, r.weightedMean(), 3, 3,
        List.of(r.updates().get(0), r.updates().get(1), client(2, 1, Float.NaN)));
    assertArrayEquals(new float[] {2f}, new CoordinateMedian().aggregate(new float[1], withNan));
  }

  @Test
  void trimmedMeanDropsOutliersOnBothSides() {
    // beta = 0.2, 5 clients: b = floor(0.2 * 5) = 1 dropped per side
    // coordinate 0: {1, 2, 3, 4, 1000} -> {2, 3, 4} -> 9 / 3 = 3
    // coordinate 1: {-1000, 1, 2, 3, 4} -> {1, 2, 3} -> 6 / 3 = 2
    // coordinate 2: {0.5, 0.5, 0.5, 0.5, 0.5} -> 0.5
    RoundUpdates r = Rounds.of(1,
        client(0, 1, 1f, -1000f, 0.5f), client(1, 1, 2f, 1f, 0.5f), client(2, 1, 3f, 2f, 0.5f),
        client(3, 1, 4f, 3f, 0.5f), client(4, 99, 1000f, 4f, 0.5f));
    TrimmedMean t = new TrimmedMean(0.2);
    assertArrayEquals(new float[] {3f, 2f, 0.5f}, t.aggregate(GLOBAL3, r));
    // beta = 0.1, 5 clients: b = floor(0.5) = 0, the plain unweighted mean:
    // coordinate 0: (1 + 2 + 3 + 4 + 1000) / 5 = 202; coordinate 1: (-1000 + 10) / 5 = -198
    assertArrayEquals(new float[] {202f, -198f, 0.5f}, new TrimmedMean().aggregate(GLOBAL3, r));
  }

  @Test
  void trimCountsByHand() {
    assertEquals(0, TrimmedMean.trimPerSide(5, 0.1)); // floor(0.5)
    assertEquals(1, TrimmedMean.trimPerSide(10, 0.1)); // floor(1.0)
    assertEquals(2, TrimmedMean.trimPerSide(7, 0.3)); // floor(2.1)
    assertEquals(29, TrimmedMean.trimPerSide(100, 0.29), "0.29 * 100 = 28.999999999999996 in double");
    assertEquals(4, TrimmedMean.trimPerSide(10, 0.4999999999), "capped so that one value remains");
    assertEquals(0, TrimmedMean.trimPerSide(1, 0.4));
    // (2 + 3) / 2 = 2.5 after dropping 1 and 9
    assertEquals(2.5f, TrimmedMean.trimmedMeanOfSorted(new float[] {1f, 2f, 3f, 9f}, 1));
  }

  @Test
  void robustStrategiesNeedIndividualUpdatesAndSayWhenTheyAreMissing() {
    assertTrue(new CoordinateMedian().needsIndividualUpdates());
    assertTrue(new TrimmedMean().needsIndividualUpdates());
    RoundUpdates meanOnly = new RoundUpdates(4, new float[] {1f}, 10, 2, List.of());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new CoordinateMedian().aggregate(new float[1], meanOnly));
    assertEquals("median needs every client's parameters but round 4 holds no individual updates"
        + " (2 successful clients; did the engine honour needsIndividualUpdates()?)", e.getMessage());
  }

  @Test
  void aClientWithTheWrongLengthIsNamed() {
    RoundUpdates r = Rounds.of(2, client(0, 1, 1f, 2f), client(7, 1, 1f, 2f));
    RoundUpdates bad = new RoundUpdates(2, r.weightedMean(), 2, 2, List.of(client(0, 1, 1f, 2f), client(7, 1, 1f)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TrimmedMean().aggregate(new float[2], bad));
    assertEquals("trimmed-mean: global model has 2 parameters but client 7 returned 1 in round 2", e.getMessage());
  }

  @Test
  void failedEntriesAreSkipped() {
    RoundUpdates r = Rounds.of(1, client(0, 1, 1f), client(1, 1, 5f));
    RoundUpdates withFailure = new RoundUpdates(1, r.weightedMean(), 2, 2,
        List.<ClientUpdate>of(r.updates().get(0), ClientUpdate.failed(3, "out of memory"), r.updates().get(1)));
    // {1, 5} -> 3
    assertArrayEquals(new float[] {3f}, new CoordinateMedian().aggregate(new float[1], withFailure));
  }

  @Test
  void trimFractionIsValidated() {
    assertEquals("federate.strategy.trimmed-mean.trim-fraction = 0.5: expected a finite number in [0, 0.5)",
        assertThrows(IllegalArgumentException.class, () -> new TrimmedMean(0.5)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TrimmedMean(-0.01));
    assertThrows(IllegalArgumentException.class, () -> new TrimmedMean(Double.NaN));
  }
}
