package io.fedspark.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

@SparkTest
class RddAssertionsTest {

  @Test
  void sameElementsInAnotherOrderAndPartitioningPass(JavaSparkContext jsc) {
    RddAssertions.assertSameElements(jsc.parallelize(List.of("a", "b", "b", "c"), 1),
        jsc.parallelize(List.of("c", "b", "a", "b"), 3));
  }

  @Test
  void aMissingDuplicateFailsNamingTheElementAndBothCounts(JavaSparkContext jsc) {
    var e = assertThrows(AssertionFailedError.class, () -> RddAssertions.assertSameElements(
        jsc.parallelize(List.of("a", "b", "b"), 2), jsc.parallelize(List.of("a", "b"), 2)));
    assertTrue(e.getMessage().contains("b: expected 2 time(s), found 1"), e.getMessage());
  }

  @Test
  void anExtraElementFails(JavaSparkContext jsc) {
    var e = assertThrows(AssertionFailedError.class, () -> RddAssertions.assertSameElements(
        jsc.parallelize(List.of(1, 2), 2), jsc.parallelize(List.of(1, 2, 7), 2)));
    assertTrue(e.getMessage().contains("7: expected 0 time(s), found 1"), e.getMessage());
  }
}
