package io.fedspark.federated.partition;

import java.util.Arrays;

/**
 * The result of a {@link Partitioner}: for each of {@code numClients} clients, the ascending
 * indices of its examples in the partitioned dataset. A partition made by a partitioner puts every
 * example in exactly one client ({@link #clientOf(int)} checks that); clients may be empty only if
 * the minimum size ({@code federate.partition.min-examples}) is 0.
 *
 * <p>Immutable by convention: {@link #indices(int)} and {@link #indicesPerClient()} return the
 * backing arrays, which callers must not modify. Equality compares contents, so two runs with the
 * same seed can be compared with {@code equals}.
 */
public final class ClientPartition {
  private final int[][] indicesPerClient;

  /**
   * Wraps per-client index arrays after checking them.
   *
   * @param indicesPerClient one array per client (at least one client), each strictly ascending
   *     and non-negative; ownership passes to the partition
   * @throws IllegalArgumentException naming the client and position that break the rule
   */
  public ClientPartition(int[][] indicesPerClient) {
    if (indicesPerClient == null || indicesPerClient.length == 0) {
      throw new IllegalArgumentException("a partition needs at least one client, got "
          + (indicesPerClient == null ? "null" : "0"));
    }
    for (int k = 0; k < indicesPerClient.length; k++) {
      int[] row = indicesPerClient[k];
      if (row == null) {
        throw new IllegalArgumentException("client " + k + " has no index array (null)");
      }
      for (int i = 0; i < row.length; i++) {
        if (row[i] < 0 || (i > 0 && row[i] <= row[i - 1])) {
          throw new IllegalArgumentException("client " + k + ": index " + row[i] + " at position "
              + i + ": expected non-negative indices in strictly ascending order");
        }
      }
    }
    this.indicesPerClient = indicesPerClient;
  }

  /**
   * Builds a partition from the client of each example, in O(examples + clients): scanning the
   * examples in order leaves every client's indices ascending.
   *
   * @param numClients the number of clients, at least 1
   * @param clientOfExample for each example, its client in {@code [0, numClients)}
   * @return the partition
   */
  public static ClientPartition ofAssignment(int numClients, int[] clientOfExample) {
    if (numClients < 1) {
      throw new IllegalArgumentException("numClients = " + numClients + ": expected >= 1");
    }
    int[] sizes = new int[numClients];
    for (int i = 0; i < clientOfExample.length; i++) {
      int k = clientOfExample[i];
      if (k < 0 || k >= numClients) {
        throw new IllegalArgumentException("example " + i + " is assigned to client " + k
            + ": expected a client in [0," + numClients + ")");
      }
      sizes[k]++;
    }
    int[][] rows = new int[numClients][];
    for (int k = 0; k < numClients; k++) {
      rows[k] = new int[sizes[k]];
    }
    int[] fill = new int[numClients];
    for (int i = 0; i < clientOfExample.length; i++) {
      int k = clientOfExample[i];
      rows[k][fill[k]++] = i;
    }
    return new ClientPartition(rows);
  }

  /** @return the number of clients */
  public int numClients() {
    return indicesPerClient.length;
  }

  /** @return the backing per-client index arrays; do not modify */
  public int[][] indicesPerClient() {
    return indicesPerClient;
  }

  /**
   * @param client a client in {@code [0, numClients)}
   * @return the backing ascending index array of that client; do not modify
   */
  public int[] indices(int client) {
    return indicesPerClient[checkClient(client)];
  }

  /**
   * @param client a client in {@code [0, numClients)}
   * @return the number of examples of that client
   */
  public int size(int client) {
    return indicesPerClient[checkClient(client)].length;
  }

  /** @return a new array with the number of examples of each client */
  public int[] sizes() {
    int[] sizes = new int[indicesPerClient.length];
    for (int k = 0; k < sizes.length; k++) {
      sizes[k] = indicesPerClient[k].length;
    }
    return sizes;
  }

  /** @return the total number of examples over all clients */
  public long numExamples() {
    long total = 0;
    for (int[] row : indicesPerClient) {
      total += row.length;
    }
    return total;
  }

  /**
   * Inverts the partition after checking that it covers {@code [0, numExamples)} exactly once.
   *
   * @param numExamples the size of the partitioned dataset
   * @return for each example, its client
   * @throws IllegalArgumentException naming the first example that is out of range, in two
   *     clients, or in none
   */
  public int[] clientOf(int numExamples) {
    int[] owner = new int[numExamples];
    Arrays.fill(owner, -1);
    for (int k = 0; k < indicesPerClient.length; k++) {
      for (int i : indicesPerClient[k]) {
        if (i >= numExamples) {
          throw new IllegalArgumentException("client " + k + " holds example " + i
              + " but the dataset has " + numExamples + " examples");
        }
        if (owner[i] >= 0) {
          throw new IllegalArgumentException(
              "example " + i + " is in clients " + owner[i] + " and " + k);
        }
        owner[i] = k;
      }
    }
    for (int i = 0; i < numExamples; i++) {
      if (owner[i] < 0) {
        throw new IllegalArgumentException("example " + i + " of " + numExamples
            + " is in no client");
      }
    }
    return owner;
  }

  private int checkClient(int client) {
    if (client < 0 || client >= indicesPerClient.length) {
      throw new IndexOutOfBoundsException(
          "client " + client + " is out of range [0," + indicesPerClient.length + ")");
    }
    return client;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientPartition
        && Arrays.deepEquals(indicesPerClient, ((ClientPartition) o).indicesPerClient);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(indicesPerClient);
  }

  @Override
  public String toString() {
    int[] sizes = sizes();
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int s : sizes) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    return "ClientPartition[" + sizes.length + " clients, " + numExamples() + " examples, sizes "
        + min + ".." + max + "]";
  }
}
