package io.fedspark.jobs.federate;

import java.io.Serializable;
import java.util.Arrays;
import scala.runtime.AbstractFunction1;

/** A serialisable set of partition indices, as the predicate PartitionPruningRDD expects. */
final class PartitionSet extends AbstractFunction1<Object, Object> implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int[] sorted;

  PartitionSet(int[] indices) {
    this.sorted = Arrays.stream(indices).distinct().sorted().toArray();
  }

  @Override
  public Object apply(Object index) {
    return Arrays.binarySearch(sorted, (Integer) index) >= 0;
  }

  int size() {
    return sorted.length;
  }
}
