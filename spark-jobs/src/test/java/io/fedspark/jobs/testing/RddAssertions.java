package io.fedspark.jobs.testing;

import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Assertions;
import scala.Tuple2;

/**
 * Assertions on RDDs, compared on the executors. Replaces spark-testing-base's
 * {@code JavaRDDComparisons.assertRDDEquals}, the one thing the tests used from it: spark-testing-base
 * has no build for Spark 4 / Scala 2.13, and this keeps one test code for both Spark lines.
 */
public final class RddAssertions {
  /** How many differing elements a failure names. */
  private static final int SHOWN = 5;

  private RddAssertions() {}

  /**
   * Asserts that {@code actual} holds the same elements as {@code expected}, each as many times
   * (order and partitioning ignored; elements compared by {@code equals} and {@code hashCode}).
   * A failure names up to five differing elements with both counts.
   */
  public static <T> void assertSameElements(JavaRDD<T> expected, JavaRDD<T> actual) {
    List<String> differences = counts(expected).fullOuterJoin(counts(actual))
        .filter(e -> !e._2()._1().orElse(0L).equals(e._2()._2().orElse(0L)))
        .map(e -> e._1() + ": expected " + e._2()._1().orElse(0L) + " time(s), found " + e._2()._2().orElse(0L))
        .take(SHOWN);
    if (!differences.isEmpty()) {
      Assertions.fail("the RDDs differ (first " + differences.size() + " differing elements): "
          + String.join("; ", differences));
    }
  }

  private static <T> JavaPairRDD<T, Long> counts(JavaRDD<T> rdd) {
    return rdd.mapToPair(x -> new Tuple2<>(x, 1L)).reduceByKey(Long::sum);
  }
}
