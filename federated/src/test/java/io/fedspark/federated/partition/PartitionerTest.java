package io.fedspark.federated.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.LabeledDataset;
import io.fedspark.math.random.SeedSequence;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("line-independent")
class PartitionerTest {
  private static final SeedSequence SEED = SeedSequence.root(42);

  /** Unbalanced classes, so that coverage does not rely on round numbers. */
  private static final LabeledDataset DATA =
      Synthetic.drawn(3000, new double[] {5, 1, 3, 2, 8, 1, 1, 4, 2, 3}, 11);

  /** Group column for the natural scheme: 12 groups of varying size. */
  private static int[] groups(int n) {
    int[] g = new int[n];
    for (int i = 0; i < n; i++) {
      g[i] = 100 + (i * 7 + i / 13) % 12;
    }
    return g;
  }

  private static Partitioner partitioner(PartitionScheme scheme) {
    int clients = scheme == PartitionScheme.NATURAL ? 12 : 20;
    return Partitioner.of(new PartitionOptions(scheme, clients), groups(DATA.size()));
  }

  /** Every example exactly once, indices ascending within a client, and the right client count. */
  private static void assertCoversExactlyOnce(ClientPartition p, int n, int clients) {
    assertEquals(clients, p.numClients());
    boolean[] seen = new boolean[n];
    for (int j = 0; j < clients; j++) {
      int[] idx = p.indices(j);
      for (int t = 0; t < idx.length; t++) {
        assertTrue(t == 0 || idx[t] > idx[t - 1], "client " + j + " not ascending at " + t);
        assertTrue(!seen[idx[t]], "example " + idx[t] + " in two clients");
        seen[idx[t]] = true;
      }
    }
    for (int i = 0; i < n; i++) {
      assertTrue(seen[i], "example " + i + " in no client");
    }
    assertEquals(n, p.numExamples());
    assertEquals(n, p.clientOf(n).length);
  }

  @ParameterizedTest
  @EnumSource(PartitionScheme.class)
  void everySchemeCoversEveryExampleExactlyOnce(PartitionScheme scheme) {
    Partitioner p = partitioner(scheme);
    ClientPartition result = p.partition(DATA, SEED);
    assertCoversExactlyOnce(result, DATA.size(), scheme == PartitionScheme.NATURAL ? 12 : 20);
    assertTrue(ClassGroups.min(result.sizes()) >= 10, "default min-examples 10 respected");
  }

  @ParameterizedTest
  @EnumSource(PartitionScheme.class)
  void everySchemeIsDeterministicForASeedAndRandomOnlyThroughIt(PartitionScheme scheme) {
    Partitioner p = partitioner(scheme);
    ClientPartition a = p.partition(DATA, SEED);
    ClientPartition b = partitioner(scheme).partition(DATA, SeedSequence.root(42));
    assertEquals(a, b);
    ClientPartition other = p.partition(DATA, SeedSequence.root(43));
    if (scheme == PartitionScheme.NATURAL) {
      assertEquals(a, other, "natural partitioning uses no randomness");
    } else {
      assertNotEquals(a, other);
    }
  }

  @Test
  void resultDependsOnLabelsNotOnFeatures() {
    LabeledDataset sameLabels = LabeledDataset.of("other", new int[] {2},
        new float[DATA.size() * 2], DATA.labels().clone(), DATA.numClasses());
    Partitioner p = partitioner(PartitionScheme.LABELDIR);
    assertEquals(p.partition(DATA, SEED), p.partition(sameLabels, SEED));
  }

  private static double meanHellinger(PartitionOptions options, LabeledDataset data) {
    ClientPartition p = Partitioner.of(options).partition(data, SEED);
    return SkewReport.of(p, data).hellingerStats().mean();
  }

  @ParameterizedTest
  @EnumSource(value = PartitionScheme.class, names = {"DIRICHLET", "LABELDIR"})
  void smallBetaIsFarMoreSkewedThanLargeBetaAndIidIsNearZero(PartitionScheme scheme) {
    LabeledDataset data = Synthetic.balanced(10, 2000);
    PartitionOptions o = new PartitionOptions(scheme, 10);
    double skewed = meanHellinger(o.withBeta(0.05), data);
    double mild = meanHellinger(o.withBeta(100), data);
    double iid = meanHellinger(o.withScheme(PartitionScheme.IID), data);
    // Dirichlet(0.05) gives a client one or two classes: H near 0.7 (one class of ten: 0.68).
    assertTrue(skewed > 0.5, scheme + " beta 0.05 mean Hellinger " + skewed);
    // Dirichlet(100) moves a client's class shares by ~10%: H a few hundredths.
    assertTrue(mild < 0.1, scheme + " beta 100 mean Hellinger " + mild);
    assertTrue(skewed > 5 * mild, scheme + ": " + skewed + " vs " + mild);
    // IID clients of 2000 examples deviate by sampling noise only: H about sqrt(9/16000) = 0.024.
    assertTrue(iid < 0.05, "iid mean Hellinger " + iid);
    assertTrue(mild > iid, scheme + " beta 100 (" + mild + ") still above iid (" + iid + ")");
  }

  @Test
  void iidSizesDifferByAtMostOne() {
    ClientPartition p = new IidPartitioner(new PartitionOptions(PartitionScheme.IID, 7))
        .partition(DATA, SEED);
    int[] sizes = p.sizes();
    assertEquals(3000 / 7 + 1, sizes[0]);
    assertEquals(3000 / 7, sizes[6]);
    assertEquals(1, ClassGroups.max(sizes) - ClassGroups.min(sizes));
  }

  private static int distinctLabels(int[] indices, int[] labels) {
    Set<Integer> set = new HashSet<>();
    for (int i : indices) {
      set.add(labels[i]);
    }
    return set.size();
  }

  @Test
  void shardsGiveEveryClientExactlyKDistinctLabelsWhenClassesAreBalanced() {
    int[][] cases = {
        // classes, per class, clients, k
        {10, 60, 30, 2}, {10, 100, 50, 4}, {4, 80, 8, 4}, {10, 100, 10, 1}, {5, 90, 15, 3}};
    for (int[] c : cases) {
      LabeledDataset data = Synthetic.balanced(c[0], c[1]);
      PartitionOptions o = new PartitionOptions(PartitionScheme.SHARDS, c[2])
          .withLabelsPerClient(c[3]).withMinExamples(1);
      for (long seed = 0; seed < 5; seed++) {
        ClientPartition p = Partitioner.of(o).partition(data, SeedSequence.root(seed));
        assertCoversExactlyOnce(p, data.size(), c[2]);
        for (int j = 0; j < c[2]; j++) {
          assertEquals(c[3], distinctLabels(p.indices(j), data.labels()),
              Arrays.toString(c) + " seed " + seed + " client " + j);
          assertEquals(data.size() / c[2], p.size(j));
        }
      }
    }
  }

  @Test
  void shardLabelSetsAreRandomNotAFixedPattern() {
    // 50 clients x 2 of 10 labels: a random deal gives many of the 45 possible pairs; a
    // deterministic stride would give at most 5.
    LabeledDataset data = Synthetic.balanced(10, 100);
    ClientPartition p = Partitioner.of(new PartitionOptions(PartitionScheme.SHARDS, 50))
        .partition(data, SEED);
    Set<String> pairs = new HashSet<>();
    for (int j = 0; j < 50; j++) {
      pairs.add(Arrays.toString(Arrays.stream(p.indices(j)).map(i -> data.labels()[i])
          .distinct().sorted().toArray()));
    }
    assertTrue(pairs.size() >= 15, "distinct label pairs " + pairs.size());
  }

  @Test
  void shardsWithMoreLabelsPerClientThanClassesStillCoverEverything() {
    LabeledDataset data = Synthetic.balanced(3, 100);
    ClientPartition p = Partitioner.of(new PartitionOptions(PartitionScheme.SHARDS, 5)
        .withLabelsPerClient(6)).partition(data, SEED);
    assertCoversExactlyOnce(p, 300, 5);
    for (int j = 0; j < 5; j++) {
      assertEquals(60, p.size(j));
    }
  }

  private static double sizeCoefficientOfVariation(double quantityBeta) {
    PartitionOptions o = new PartitionOptions(PartitionScheme.QUANTITY, 20)
        .withQuantityBeta(quantityBeta).withMinExamples(1);
    ClientPartition p = Partitioner.of(o).partition(DATA, SEED);
    SkewReport r = SkewReport.of(p, DATA);
    double mean = r.sizeStats().mean();
    double var = 0;
    for (int s : r.sizes()) {
      var += (s - mean) * (s - mean);
    }
    return Math.sqrt(var / r.numClients()) / mean;
  }

  @Test
  void quantitySkewSizesVaryMoreAsBetaShrinks() {
    double cv05 = sizeCoefficientOfVariation(0.5);
    double cv5 = sizeCoefficientOfVariation(5);
    double cv500 = sizeCoefficientOfVariation(500);
    // Expected CV of Dirichlet(b) shares over 20 clients: sqrt((K-1)/(K b + 1)) = 1.35, 0.43, 0.04.
    assertTrue(cv05 > 0.8, "cv " + cv05);
    assertTrue(cv05 > cv5 && cv5 > cv500, cv05 + " > " + cv5 + " > " + cv500);
    assertTrue(cv500 < 0.1, "cv " + cv500);
    // Contents stay IID: the label skew is that of IID sampling.
    ClientPartition p = Partitioner.of(new PartitionOptions(PartitionScheme.QUANTITY, 5)
        .withQuantityBeta(100)).partition(DATA, SEED);
    assertTrue(SkewReport.of(p, DATA).hellingerStats().max() < 0.1);
  }

  @ParameterizedTest
  @EnumSource(value = PartitionScheme.class, names = {"DIRICHLET", "LABELDIR", "QUANTITY"})
  void aLargeMinimumIsRespectedByRedrawing(PartitionScheme scheme) {
    PartitionOptions o = new PartitionOptions(scheme, 20).withMinExamples(60).withBeta(0.3)
        .withQuantityBeta(3);
    ClientPartition p = Partitioner.of(o).partition(DATA, SEED);
    assertCoversExactlyOnce(p, DATA.size(), 20);
    assertTrue(ClassGroups.min(p.sizes()) >= 60, scheme + " sizes " + Arrays.toString(p.sizes()));
  }

  @ParameterizedTest
  @EnumSource(value = PartitionScheme.class, names = {"IID", "DIRICHLET", "LABELDIR", "SHARDS",
      "QUANTITY"})
  void aMinimumBeyondTheDataFailsAtOnceWithAdvice(PartitionScheme scheme) {
    PartitionOptions o = new PartitionOptions(scheme, 400).withMinExamples(8);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Partitioner.of(o).partition(DATA, SEED));
    assertEquals(scheme.configName() + " partition: 3000 examples cannot give 400 clients "
        + "(federate.partition.clients) at least 8 examples each (federate.partition.min-examples);"
        + " that needs 3200. Use fewer clients or a lower federate.partition.min-examples.",
        e.getMessage());
  }

  @Test
  void anUnreachableMinimumFailsAfterMaxRedrawsWithAdvice() {
    PartitionOptions o = new PartitionOptions(PartitionScheme.DIRICHLET, 100).withBeta(0.01)
        .withMinExamples(20).withMaxRedraws(25);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Partitioner.of(o).partition(DATA, SEED));
    String m = e.getMessage();
    assertTrue(m.startsWith("dirichlet partition of 3000 examples into 100 clients: none of 25 "
        + "draws (federate.partition.max-redraws) gave every client at least 20 examples "
        + "(federate.partition.min-examples); the best draw's smallest client had "), m);
    assertTrue(m.endsWith(". Use fewer clients (federate.partition.clients), a larger "
        + "federate.partition.beta (now 0.01), or a lower federate.partition.min-examples."), m);
    PartitionOptions q = new PartitionOptions(PartitionScheme.QUANTITY, 100)
        .withQuantityBeta(0.05).withMinExamples(20).withMaxRedraws(25);
    String mq = assertThrows(IllegalArgumentException.class,
        () -> Partitioner.of(q).partition(DATA, SEED)).getMessage();
    assertTrue(mq.contains("a larger federate.partition.quantity-beta (now 0.05)"), mq);
  }

  @Test
  void shardsFailWhenUnevenShardsLeaveAClientShort() {
    // 100 examples, 10 clients x 3 shards = 30 shards of 3 or 4: some client gets 9 < 10.
    LabeledDataset data = Synthetic.balanced(10, 10);
    PartitionOptions o = new PartitionOptions(PartitionScheme.SHARDS, 10).withLabelsPerClient(3);
    String m = assertThrows(IllegalArgumentException.class,
        () -> Partitioner.of(o).partition(data, SEED)).getMessage();
    assertTrue(m.startsWith("shards partition of 100 examples into 10 clients: client "), m);
    assertTrue(m.contains("gets 9 examples, fewer than federate.partition.min-examples = 10."), m);
  }

  @Test
  void naturalMakesOneClientPerGroupInValueOrder() {
    int[] labels = {0, 1, 0, 1, 0, 1, 1};
    int[] groups = {7, -3, 7, 5, -3, 7, 5};
    PartitionOptions o = new PartitionOptions(PartitionScheme.NATURAL, 3).withMinExamples(2);
    ClientPartition p = new NaturalPartitioner(o, groups)
        .partition(Synthetic.dataset(labels, 2), SEED);
    assertEquals(new ClientPartition(new int[][] {{1, 4}, {3, 6}, {0, 2, 5}}), p);

    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> new NaturalPartitioner(o.withNumClients(4), groups).partition(labels, 2, SEED));
    assertEquals("federate.partition.clients = 4 but the group column has 3 distinct values: "
        + "natural partitioning makes one client per group; set federate.partition.clients = 3",
        count.getMessage());
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
        () -> new NaturalPartitioner(o.withMinExamples(3), groups).partition(labels, 2, SEED));
    assertEquals("natural partition of 7 examples into 3 clients: client 0 gets 2 examples, "
        + "fewer than federate.partition.min-examples = 3. It is group -3; 2 of 3 groups are "
        + "below the minimum. Lower federate.partition.min-examples or drop the small groups "
        + "from the data.", small.getMessage());
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> new NaturalPartitioner(o, new int[] {1, 2}).partition(labels, 2, SEED));
    assertEquals("natural partition: the group column has 2 values but the dataset has 7 "
        + "examples", length.getMessage());
  }

  @Test
  void badLabelsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> partitioner(PartitionScheme.IID).partition(new int[] {0, 1, 3}, 3, SEED));
    assertEquals("example 2 has label 3: expected a label in [0,3)", e.getMessage());
  }

  @Test
  void zeroMinimumAllowsMoreClientsThanExamples() {
    LabeledDataset tiny = Synthetic.balanced(2, 3);
    for (PartitionScheme scheme : new PartitionScheme[] {PartitionScheme.IID,
        PartitionScheme.DIRICHLET, PartitionScheme.LABELDIR, PartitionScheme.SHARDS,
        PartitionScheme.QUANTITY}) {
      ClientPartition p = Partitioner.of(new PartitionOptions(scheme, 10).withMinExamples(0))
          .partition(tiny, SEED);
      assertCoversExactlyOnce(p, 6, 10);
    }
  }

  /**
   * MNIST-sized input: 60,000 labels into 1,000 clients with every scheme. The budget of one second
   * for all five is generous for O(N + clients x classes) work (tens of milliseconds) and far too
   * small for anything quadratic (N x clients = 6e7 per draw, with redraws).
   */
  @Test
  void sixtyThousandLabelsIntoAThousandClientsIsFast() {
    LabeledDataset mnistSized = Synthetic.drawn(60_000, new double[] {
        5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, 5);
    // Warm up the JIT on a small input so the measurement is of the algorithm.
    for (PartitionScheme scheme : new PartitionScheme[] {PartitionScheme.IID,
        PartitionScheme.DIRICHLET, PartitionScheme.LABELDIR, PartitionScheme.SHARDS,
        PartitionScheme.QUANTITY}) {
      Partitioner.of(new PartitionOptions(scheme, 20)).partition(DATA, SEED);
    }
    for (PartitionScheme scheme : new PartitionScheme[] {PartitionScheme.IID,
        PartitionScheme.DIRICHLET, PartitionScheme.LABELDIR, PartitionScheme.SHARDS,
        PartitionScheme.QUANTITY}) {
      PartitionOptions o = new PartitionOptions(scheme, 1000).withMinExamples(5)
          .withQuantityBeta(5);
      ClientPartition p = Partitioner.of(o).partition(mnistSized, SEED);
      assertEquals(60_000, p.numExamples());
      assertTrue(ClassGroups.min(p.sizes()) >= 5);
    }
    // Speed is measured by the federate benchmark, not asserted here (house rule 7).
  }
}
