package io.fedspark.jobs;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Spark MLlib's shape of a distributed pass, the one way fedspark runs one: broadcast a value
 * (parameters, a task description), let every partition fold its elements with it into one
 * accumulator, reduce the accumulators with {@code treeAggregate} (or collect them in partition
 * order), and destroy the broadcast in {@code finally}; or, for a grid of independent cells, run
 * each cell with the broadcast value and collect the results in cell order ({@link #map}). Accumulators must merge exactly and
 * order-independently for the result not to depend on task order.
 */
public final class BroadcastReduce {
  private BroadcastReduce() {}

  /** A partition's fold: its elements and the broadcast value into one accumulator. */
  @FunctionalInterface
  public interface PartitionFold<E, B, A> extends Serializable {
    A apply(Iterator<E> elements, B broadcast) throws Exception;
  }

  /**
   * {@code treeAggregate} of every partition's fold.
   *
   * @param zero the empty accumulator (merged with the partitions' ones)
   * @param depth the tree depth (1: the driver merges the tasks' accumulators directly)
   */
  public static <E, B, A> A aggregate(JavaSparkContext jsc, JavaRDD<E> rdd, B value, PartitionFold<E, B, A> fold,
      A zero, Function2<A, A, A> merge, int depth) {
    Broadcast<B> bc = jsc.broadcast(value);
    try {
      return rdd.mapPartitions((Iterator<E> it) -> List.of(fold.apply(it, bc.value())).iterator())
          .treeAggregate(zero, merge, merge, depth);
    } finally {
      bc.destroy();
    }
  }

  /** One item's work with the broadcast value. */
  @FunctionalInterface
  public interface ItemTask<C, B, R> extends Serializable {
    R apply(C item, B broadcast) throws Exception;
  }

  /**
   * {@code task} on every item of {@code items} (a grid of cells: one Spark task per slice), with
   * {@code value} broadcast once; the results in item order.
   *
   * @param slices the number of Spark tasks (at most the number of items)
   */
  public static <C, B, R> List<R> map(JavaSparkContext jsc, List<C> items, int slices, B value,
      ItemTask<C, B, R> task) {
    Broadcast<B> bc = jsc.broadcast(value);
    try {
      return jsc.parallelize(items, Math.max(1, Math.min(slices, items.size())))
          .map(c -> task.apply(c, bc.value())).collect();
    } finally {
      bc.destroy();
    }
  }

  /** Every partition's fold, collected in partition order. */
  public static <E, B, A> List<A> collect(JavaSparkContext jsc, JavaRDD<E> rdd, B value, PartitionFold<E, B, A> fold) {
    Broadcast<B> bc = jsc.broadcast(value);
    try {
      return rdd.mapPartitions((Iterator<E> it) -> List.of(fold.apply(it, bc.value())).iterator()).collect();
    } finally {
      bc.destroy();
    }
  }
}
