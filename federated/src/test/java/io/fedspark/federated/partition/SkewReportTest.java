package io.fedspark.federated.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.math.random.SeedSequence;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
class SkewReportTest {
  /** Labels 0,0,1,1 split {0,1} {2,3} {} and the uniform global distribution (0.5, 0.5). */
  private static SkewReport twoPureClientsAndAnEmptyOne() {
    ClientPartition p = new ClientPartition(new int[][] {{0, 1}, {2, 3}, {}});
    return SkewReport.of(p, new int[] {0, 0, 1, 1}, 2);
  }

  @Test
  void distancesOfPureClientsToAUniformGlobalAreTheHandComputedOnes() {
    SkewReport r = twoPureClientsAndAnEmptyOne();
    double h = Math.sqrt(1 - Math.sqrt(0.5));
    double js = Math.sqrt(0.5 * Math.log(4.0 / 3) / Math.log(2) + 0.25 * Math.log(2.0 / 3)
        / Math.log(2) + 0.25);
    assertArrayEquals(new double[] {h, h, Double.NaN}, r.hellinger(), 1e-12);
    assertArrayEquals(new double[] {js, js, Double.NaN}, r.jensenShannon(), 1e-12);
    assertArrayEquals(new double[] {0.5, 0.5}, r.globalDistribution(), 0);
    assertArrayEquals(new int[] {2, 2, 0}, r.sizes());
    assertArrayEquals(new int[] {0, 2}, r.labelHistogram(1));
    assertEquals(1, r.emptyClients());
    assertEquals(4, r.numExamples());
    assertEquals(2.0 / 3, r.meanClassesPerClient(), 1e-12);
    assertEquals(new SkewReport.Stats(0, 2, 4.0 / 3, 2), r.sizeStats());
    SkewReport.Stats hs = r.hellingerStats();
    assertArrayEquals(new double[] {h, h, h, h},
        new double[] {hs.min(), hs.median(), hs.mean(), hs.max()}, 1e-12);
  }

  @Test
  void csvHasTheDocumentedHeaderAndOneRowPerClient() {
    assertEquals("client,size,hellinger,jensen_shannon,label_0,label_1\n"
        + "0,2,0.541196,0.557923,2,0\n"
        + "1,2,0.541196,0.557923,0,2\n"
        + "2,0,,,0,0\n", twoPureClientsAndAnEmptyOne().toCsv());
  }

  @Test
  void jsonAndTextSummariesCarryTheStatistics() {
    SkewReport r = twoPureClientsAndAnEmptyOne();
    // The JSON carries full precision: the report's own value, hand-checked in the test above.
    String h = Double.toString(r.hellinger()[0]);
    String json = r.toJson();
    assertTrue(json.startsWith("{\"num_clients\":3,\"num_classes\":2,\"num_examples\":4,"
        + "\"empty_clients\":1,\"classes_per_client_mean\":0.6666666666666666,"
        + "\"size\":{\"min\":0,\"median\":2,\"mean\":1.3333333333333333,\"max\":2},"
        + "\"hellinger\":{\"min\":" + h + ",\"median\":" + h + ",\"mean\":" + h + ",\"max\":" + h
        + "},\"jensen_shannon\":{"), json);
    assertTrue(json.endsWith("},\"global_label_distribution\":[0.5,0.5]}"), json);
    String text = r.summary();
    assertTrue(text.startsWith("skew report: 3 clients, 2 classes, 4 examples (1 empty clients)"),
        text);
    assertTrue(text.contains("hellinger       min 0.5412  median 0.5412  mean 0.5412  max 0.5412"),
        text);
    assertTrue(text.contains("classes per client: mean 0.67 of 2"), text);
  }

  @Test
  void onlyEmptyClientsGiveNullDistancesInJson() {
    SkewReport r = SkewReport.of(new ClientPartition(new int[][] {{}}), new int[0], 3);
    assertTrue(r.toJson().contains("\"hellinger\":{\"min\":null,\"median\":null,\"mean\":null,"
        + "\"max\":null}"), r.toJson());
  }

  @Test
  void iidClientsOfABalancedDatasetAreCloseToTheGlobalDistribution() {
    ClientPartition p = Partitioner.of(new PartitionOptions(PartitionScheme.IID, 4))
        .partition(Synthetic.balanced(5, 2000), SeedSequence.root(1));
    SkewReport r = SkewReport.of(p, Synthetic.balanced(5, 2000));
    // 2500 examples per client over 5 classes: sampling noise H ~ sqrt(4 / (8 * 2500)) = 0.014.
    assertTrue(r.hellingerStats().max() < 0.04, r.summary());
    assertTrue(r.jensenShannonStats().max() < 0.05, r.summary());
    assertEquals(5.0, r.meanClassesPerClient());
  }

  @Test
  void indicesAndLabelsOutOfRangeAreNamed() {
    ClientPartition p = new ClientPartition(new int[][] {{0, 5}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SkewReport.of(p, new int[] {0, 1}, 2));
    assertEquals("client 0 holds example 5 but there are 2 labels", e.getMessage());
    IllegalArgumentException l = assertThrows(IllegalArgumentException.class,
        () -> SkewReport.of(new ClientPartition(new int[][] {{1}}), new int[] {0, 4}, 2));
    assertEquals("example 1 (client 0) has label 4: expected a label in [0,2)", l.getMessage());
  }

  @Test
  void decimalsAreRoundedToSixPlaces() {
    assertEquals("0.000000", SkewReport.decimal(0));
    assertEquals("1.000000", SkewReport.decimal(1));
    assertEquals("0.123457", SkewReport.decimal(0.1234566));
    assertEquals("0.000001", SkewReport.decimal(0.0000009));
    assertEquals("", SkewReport.decimal(Double.NaN));
  }
}
