package io.fedspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fedspark.jobs.config.SparkOptions;
import io.fedspark.math.blas.OpenBlasCore;
import io.fedspark.math.blas.OpenBlasCorePolicy;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The configuration a job's session starts with. */
class SparkSessionsTest {
  private static final SparkOptions OPTIONS = new SparkOptions("t", "local[1]",
      Map.of("spark.executorEnv.OPENBLAS_CORETYPE", "SkylakeX", "spark.executor.memory", "1g"));

  @Test
  void aPinnedSetGoesIntoEveryExecutorsEnvironmentOverAPassThroughValue() {
    SparkConf pinned = SparkSessions.conf(OPTIONS, OpenBlasCorePolicy.pin(OpenBlasCore.HASWELL));
    assertEquals("Haswell", pinned.get("spark.executorEnv.OPENBLAS_CORETYPE"));
    assertEquals("1g", pinned.get("spark.executor.memory"));
  }

  @Test
  void autoAndStrictLeaveTheExecutorsEnvironmentAlone() {
    assertEquals("SkylakeX", SparkSessions.conf(OPTIONS, OpenBlasCorePolicy.STRICT).get("spark.executorEnv.OPENBLAS_CORETYPE"));
    SparkOptions plain = new SparkOptions("t", "local[1]", Map.of());
    assertFalse(SparkSessions.conf(plain, OpenBlasCorePolicy.AUTO).contains("spark.executorEnv.OPENBLAS_CORETYPE"));
  }

  @Test
  void wideMetricsTablesDoNotWarnUnlessTheUserSetTheLimit() {
    SparkOptions plain = new SparkOptions("t", "local[1]", Map.of());
    assertEquals("1000", SparkSessions.conf(plain, OpenBlasCorePolicy.AUTO).get(SparkSessions.MAX_TO_STRING_FIELDS));
    SparkOptions own = new SparkOptions("t", "local[1]", Map.of(SparkSessions.MAX_TO_STRING_FIELDS, "30"));
    assertEquals("30", SparkSessions.conf(own, OpenBlasCorePolicy.AUTO).get(SparkSessions.MAX_TO_STRING_FIELDS));
  }
}
