package io.fedspark.jobs.data;

import org.apache.spark.Partitioner;

/**
 * One shuffle for a federated run's training and test rows: an {@link OrderKey} of a negative
 * group {@code -1 - c} is a training row of client {@code c}, sent to the RDD partition that holds
 * the client ({@link RangePartitioner} of the client ids); any other key is a test row, sent to the
 * hash range of its seeded order ({@link HashRangePartitioner}) in the partitions after the
 * clients'. Sorted by the key, the clients' partitions hold their rows client by client and the
 * test ranges hold theirs in the seeded order.
 */
final class ClientsThenRanges extends Partitioner {
  private static final long serialVersionUID = 1L;

  private final RangePartitioner clients;
  private final HashRangePartitioner ranges;

  ClientsThenRanges(RangePartitioner clients, int ranges) {
    this.clients = clients;
    this.ranges = new HashRangePartitioner(ranges);
  }

  /** The key group of client {@code c}'s rows. */
  static int groupOf(int client) {
    return -1 - client;
  }

  /** The client of key group {@code group} (negative). */
  static int clientOf(int group) {
    return -1 - group;
  }

  @Override
  public int numPartitions() {
    return clients.numPartitions() + ranges.numPartitions();
  }

  @Override
  public int getPartition(Object key) {
    OrderKey k = (OrderKey) key;
    return k.group() < 0 ? clients.partitionOf(clientOf(k.group()))
        : clients.numPartitions() + ranges.getPartition(k);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientsThenRanges c && c.clients.equals(clients) && c.ranges.equals(ranges);
  }

  @Override
  public int hashCode() {
    return clients.hashCode() * 31 + ranges.hashCode();
  }
}
