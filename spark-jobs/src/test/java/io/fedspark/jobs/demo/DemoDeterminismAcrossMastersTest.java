package io.fedspark.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed and {@code demo.partitions} give a bit-identical model on local[1] and local[3]:
 * the number of concurrent tasks and the order they finish in must not matter.
 */
@Tag("spark")
class DemoDeterminismAcrossMastersTest {
  @TempDir Path dir;

  private float[] runOn(String master, String name) {
    TestData.dir(DatasetId.MNIST);
    var sets = List.of("spark.master=\"" + master + "\"", "demo.epochs=1", "demo.partitions=6",
        "run.dir=\"" + dir.resolve(name) + "\"");
    try {
      return DemoJob.run(new JobContext("demo", sets, ConfigLoader.withShippedDefaults().load(null, sets))).parameters();
    } finally {
      SparkSession.active().stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  @Test
  void localOneAndLocalThreeAgreeBitForBit() {
    assertArrayEquals(runOn("local[1]", "one"), runOn("local[3]", "three"), 0f);
  }
}
