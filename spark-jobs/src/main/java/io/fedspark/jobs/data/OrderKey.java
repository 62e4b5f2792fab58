package io.fedspark.jobs.data;

import io.fedspark.federated.data.Example;
import io.fedspark.federated.data.RowKey;
import java.io.Serializable;

/**
 * The sort key of the seeded rank order of examples: a group (the class, for plans that rank
 * within each class; else 0), then {@code RowKey.hash(key, salt)}, then the key, then a hash of the
 * content (features, label, weight) so rows that share an id still sort the same way whatever
 * order they arrive in. Rows equal on all four are identical (or collide on two 64-bit hashes) and
 * interchangeable. The order of {@link Example#order} within a group.
 */
public record OrderKey(int group, long hash, long key, long content) implements Comparable<OrderKey>, Serializable {
  /** The key of {@code e} in group {@code group} under {@code salt}. */
  public static OrderKey of(int group, Example e, long salt) {
    long content = RowKey.hash(RowKey.ofContent(e.features(), 0, e.features().length, e.label()),
        Float.floatToIntBits(e.weight()));
    return new OrderKey(group, RowKey.hash(e.key(), salt), e.key(), content);
  }

  @Override
  public int compareTo(OrderKey o) {
    int c = Integer.compare(group, o.group);
    if (c != 0) {
      return c;
    }
    c = Long.compareUnsigned(hash, o.hash); // unsigned, as HashRangePartitioner cuts the ranges
    if (c != 0) {
      return c;
    }
    c = Long.compare(key, o.key);
    return c != 0 ? c : Long.compare(content, o.content);
  }
}
