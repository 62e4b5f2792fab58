package io.fedspark.federated.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("line-independent")
class ClientPartitionTest {

  @Test
  void fromAnAssignmentEachClientsIndicesAscend() {
    ClientPartition p = ClientPartition.ofAssignment(3, new int[] {2, 0, 2, 1, 0});
    assertEquals(3, p.numClients());
    assertArrayEquals(new int[] {1, 4}, p.indices(0));
    assertArrayEquals(new int[] {3}, p.indices(1));
    assertArrayEquals(new int[] {0, 2}, p.indices(2));
    assertArrayEquals(new int[] {2, 1, 2}, p.sizes());
    assertArrayEquals(new int[] {2, 0, 2, 1, 0}, p.clientOf(5));
    assertEquals("ClientPartition[3 clients, 5 examples, sizes 1..2]", p.toString());
  }

  @Test
  void equalityIsByContent() {
    ClientPartition a = new ClientPartition(new int[][] {{0, 2}, {1}});
    assertEquals(a, new ClientPartition(new int[][] {{0, 2}, {1}}));
    assertEquals(a.hashCode(), new ClientPartition(new int[][] {{0, 2}, {1}}).hashCode());
    assertNotEquals(a, new ClientPartition(new int[][] {{0}, {1, 2}}));
  }

  @Test
  void coverageErrorsNameTheExample() {
    ClientPartition twice = new ClientPartition(new int[][] {{0, 1}, {1}});
    assertEquals("example 1 is in clients 0 and 1",
        assertThrows(IllegalArgumentException.class, () -> twice.clientOf(2)).getMessage());
    ClientPartition gap = new ClientPartition(new int[][] {{0}, {2}});
    assertEquals("example 1 of 3 is in no client",
        assertThrows(IllegalArgumentException.class, () -> gap.clientOf(3)).getMessage());
    assertEquals("client 1 holds example 2 but the dataset has 2 examples",
        assertThrows(IllegalArgumentException.class, () -> gap.clientOf(2)).getMessage());
  }

  @Test
  void unsortedOrOutOfRangeInputIsRefused() {
    assertEquals("client 0: index 1 at position 1: expected non-negative indices in strictly "
        + "ascending order", assertThrows(IllegalArgumentException.class,
            () -> new ClientPartition(new int[][] {{3, 1}})).getMessage());
    assertEquals("example 1 is assigned to client 3: expected a client in [0,2)",
        assertThrows(IllegalArgumentException.class,
            () -> ClientPartition.ofAssignment(2, new int[] {0, 3})).getMessage());
    assertThrows(IndexOutOfBoundsException.class,
        () -> new ClientPartition(new int[][] {{0}}).indices(1));
  }
}
