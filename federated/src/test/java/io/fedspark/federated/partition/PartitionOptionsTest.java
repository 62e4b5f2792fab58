package io.fedspark.federated.partition;

import io.fedspark.math.Choice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
class PartitionOptionsTest {

  @Test
  void configNamesRoundTripAndIgnoreCaseAndBlanks() {
    for (PartitionScheme scheme : PartitionScheme.values()) {
      assertEquals(scheme, Choice.parse(PartitionScheme.class, scheme.configName(), "PartitionScheme"));
    }
    assertEquals(PartitionScheme.LABELDIR, Choice.parse(PartitionScheme.class, " LabelDir ", "PartitionScheme"));
    assertEquals("iid | dirichlet | labeldir | shards | quantity | natural",
        Choice.allowed(PartitionScheme.class));
  }

  @Test
  void unknownSchemeListsTheAllowedNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Choice.parse(PartitionScheme.class, "dirichlet2", PartitionOptions.SCHEME.key()));
    assertEquals("federate.partition.scheme = 'dirichlet2': expected one of iid | dirichlet | "
        + "labeldir | shards | quantity | natural", e.getMessage());
    IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
        () -> Choice.parse(PartitionScheme.class, null, PartitionOptions.SCHEME.key()));
    assertEquals("federate.partition.scheme = null: expected one of iid | dirichlet | labeldir | "
        + "shards | quantity | natural", nul.getMessage());
  }

  @Test
  void defaultsAreTheReferenceValues() {
    PartitionOptions o = new PartitionOptions();
    assertEquals(PartitionScheme.DIRICHLET, o.scheme(), "the default of federate.partition.scheme");
    assertEquals(100, o.numClients());
    assertEquals(0.5, o.beta());
    assertEquals(2, o.labelsPerClient());
    assertEquals(10, o.minExamples());
    assertEquals(1000, o.maxRedraws());
    assertEquals(0.5, o.quantityBeta());
    PartitionOptions d = new PartitionOptions(PartitionScheme.DIRICHLET, 7).withBeta(0.05)
        .withLabelsPerClient(3).withMinExamples(0).withMaxRedraws(5).withQuantityBeta(2)
        .withNumClients(8).withScheme(PartitionScheme.LABELDIR);
    assertEquals(new PartitionOptions(PartitionScheme.LABELDIR, 8, 0.05, 3, 0, 5, 2.0), d);
  }

  @Test
  void everyBadValueNamesItsKeyValueAndExpectation() {
    assertMessage("federate.partition.clients = 0: expected an integer >= 1",
        () -> new PartitionOptions(PartitionScheme.IID, 0));
    PartitionOptions ok = new PartitionOptions(PartitionScheme.DIRICHLET, 10);
    assertMessage("federate.partition.beta = 0.0: expected a finite number > 0",
        () -> ok.withBeta(0));
    assertMessage("federate.partition.beta = NaN: expected a finite number > 0",
        () -> ok.withBeta(Double.NaN));
    assertMessage("federate.partition.beta = Infinity: expected a finite number > 0",
        () -> ok.withBeta(Double.POSITIVE_INFINITY));
    assertMessage("federate.partition.labels-per-client = 0: expected an integer >= 1",
        () -> ok.withLabelsPerClient(0));
    assertMessage("federate.partition.min-examples = -1: expected an integer >= 0",
        () -> ok.withMinExamples(-1));
    assertMessage("federate.partition.max-redraws = 0: expected an integer >= 1",
        () -> ok.withMaxRedraws(0));
    assertMessage("federate.partition.quantity-beta = -2.0: expected a finite number > 0",
        () -> ok.withQuantityBeta(-2));
    assertMessage("federate.partition.scheme = null: expected one of iid | dirichlet | labeldir | "
        + "shards | quantity | natural", () -> ok.withScheme(null));
  }

  @Test
  void partitionerFactoryPicksTheSchemeAndRefusesMismatches() {
    for (PartitionScheme scheme : PartitionScheme.values()) {
      Partitioner p = Partitioner.of(new PartitionOptions(scheme, 3), new int[] {1, 2, 3});
      assertEquals(scheme, p.scheme());
    }
    assertMessage("federate.partition.scheme = 'natural': the dataset has no group column to "
            + "partition by; choose another scheme (iid | dirichlet | labeldir | shards | quantity | "
            + "natural)",
        () -> Partitioner.of(new PartitionOptions(PartitionScheme.NATURAL, 3)));
    assertMessage("DirichletPartitioner implements federate.partition.scheme = dirichlet but the "
            + "options say iid; use Partitioner.of(options)",
        () -> new DirichletPartitioner(new PartitionOptions(PartitionScheme.IID, 3)));
  }

  private static void assertMessage(String expected, Runnable action) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, action::run);
    assertEquals(expected, e.getMessage());
  }
}
