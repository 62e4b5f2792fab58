package io.fedspark.jobs.data;

import io.fedspark.federated.data.Example;
import io.fedspark.federated.data.RowKey;
import java.io.Serializable;

/**
 * The sort key of the seeded rank order of examples: a group (the class, for plans that rank
 * within each class; else 0), then {@code RowKey.hash(key, salt)}, then the key, then a hash of the
 * content (features, label, weight) so rows that share an id still sort the same way whatever
 * order they arrive in. Rows equal on all four are identical (or collide on two 64-bit hashes) and
 * interchangeable. The order of {@link Example#order} within a group. A final class, not a record:
 * it is a shuffle key, and Kryo 4 (Spark's) cannot serialise records in a session without
 * fedspark's registrator (the Spark ML estimators run in users' sessions).
 */
public final class OrderKey implements Comparable<OrderKey>, Serializable {
  private static final long serialVersionUID = 1L;

  private final int group;
  private final long hash;
  private final long key;
  private final long content;

  public OrderKey(int group, long hash, long key, long content) {
    this.group = group;
    this.hash = hash;
    this.key = key;
    this.content = content;
  }

  public int group() {
    return group;
  }

  public long hash() {
    return hash;
  }

  public long key() {
    return key;
  }

  public long content() {
    return content;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrderKey k && k.group == group && k.hash == hash && k.key == key && k.content == content;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(group, hash, key, content);
  }

  @Override
  public String toString() {
    return "OrderKey[group=" + group + ", hash=" + hash + ", key=" + key + ", content=" + content + "]";
  }

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
