package io.fedspark.jobs.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SparkTest
class DemoJobTest {
  @TempDir Path dir;

  @BeforeAll
  static void data() {
    TestData.dir(DatasetId.MNIST);
  }

  private static DemoJob.Result demo(Path runDir, String... sets) {
    List<String> overrides = new ArrayList<>(List.of(sets));
    overrides.add("run.dir=\"" + runDir + "\"");
    var cfg = ConfigLoader.withShippedDefaults().load(null, overrides);
    return DemoJob.run(new JobContext("demo", overrides, cfg));
  }

  @Test
  void logisticRegressionReachesNinetyPercentAndWritesProvenance(SparkSession spark) throws Exception {
    Path run = dir.resolve("run");
    DemoJob.Result r = demo(run, "demo.epochs=3");
    assertTrue(r.testAccuracy() >= 0.90, "test accuracy " + r.testAccuracy());

    List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
    assertEquals(4, csv.size(), csv.toString());
    assertTrue(csv.get(0).startsWith("epoch,train_loss"));

    JsonNode p = new ObjectMapper().readTree(run.resolve("provenance.json").toFile());
    assertEquals("demo", p.get("command").asText());
    assertEquals(42, p.get("seed").asLong());
    assertEquals(spark.version(), p.at("/environment/spark").asText());
    assertTrue(p.at("/environment/mathBackend").asText().length() > 3);
    assertEquals(3, p.at("/config/demo/epochs").asInt());
    assertEquals(4, p.get("data").size(), p.get("data").toString());
    p.get("data").forEach(sha -> assertTrue(sha.asText().matches("[0-9a-f]{64}"), sha.asText()));
    assertEquals(r.testAccuracy(), p.at("/results/testAccuracy").asDouble(), 0);
    try (var files = Files.list(run)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary files left");
    }
  }

  @Test
  void sameSeedGivesBitIdenticalParametersAndADifferentSeedDoesNot() {
    float[] a = demo(dir.resolve("a"), "demo.epochs=1", "demo.model=\"mlp:784-32-10\"").parameters();
    float[] b = demo(dir.resolve("b"), "demo.epochs=1", "demo.model=\"mlp:784-32-10\"").parameters();
    assertArrayEquals(a, b, 0f);
    float[] c = demo(dir.resolve("c"), "demo.epochs=1", "demo.model=\"mlp:784-32-10\"", "run.seed=43").parameters();
    assertTrue(!java.util.Arrays.equals(a, c));
  }

  @Test
  void refusesANonEmptyRunDirectory() throws Exception {
    Path run = dir.resolve("used");
    Files.createDirectories(run);
    Files.writeString(run.resolve("something.txt"), "x");
    var e = org.junit.jupiter.api.Assertions.assertThrows(
        io.fedspark.jobs.config.InvalidConfigException.class, () -> demo(run, "demo.epochs=1"));
    assertTrue(e.getMessage().contains("run.overwrite=true"), e.getMessage());
  }
}
