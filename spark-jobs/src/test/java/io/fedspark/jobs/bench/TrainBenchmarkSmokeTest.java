package io.fedspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.provenance.BuildInfo;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench train} end to end at tiny sizes (the digits, mlp:64-32-10, 2 epochs per engine, a
 * 50% target) on the shared local[2] session: both engines run (the native one alone in the Spark 4
 * build), and the barrier exchange with each compression setting; every figure is produced, written
 * and printed. Asserts structure, never speed.
 */
@SparkTest
class TrainBenchmarkSmokeTest {
  /** Whether this build has DL4J's Spark engine (the Spark 3.5 build). */
  private static final boolean DL4J = BuildInfo.sparkLine().equals("3.5");

  @Test
  void tinyRunWritesEveryFigure(JavaSparkContext jsc, @TempDir Path dir) throws Exception {
    TestData.dir(DatasetId.DIGITS);
    TrainBenchmark.Options tiny = new TrainBenchmark.Options("tiny", "digits", "mlp:64-32-10", 2, 2, 16, 5, 0.05, 0.5,
        0.2, 7);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    int code = TrainBenchCommand.run(tiny, jsc, List.of(), "test",
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(progress, true, StandardCharsets.UTF_8), dir);
    assertEquals(0, code);

    JsonNode root = new ObjectMapper().readTree(dir.resolve("train.json").toFile());
    assertEquals("train", root.get("benchmark").asText());
    JsonNode records = root.get("records");
    // with DL4J (Spark 3.5 build): time to target of both exchanges and examples/s vs DL4J; always: the scaling of
    // both exchanges and the per-synchronisation overhead of jobs vs barrier
    List<String> names = new java.util.ArrayList<>();
    records.forEach(r -> names.add(r.get("name").asText()));
    List<String> fixed = DL4J ? List.of("time to 50%: native (1/s)", "time to 50%: native barrier (1/s)",
        "train examples/s: native", "native jobs local[2] / 1 thread", "native barrier local[2] / 1 thread",
        "per-sync overhead: barrier (1/ms)") : List.of("native jobs local[2] / 1 thread",
        "native barrier local[2] / 1 thread", "per-sync overhead: barrier (1/ms)");
    assertEquals(fixed, names.subList(0, fixed.size()), root.toString());
    // then, per compression setting, its bytes per sync against the uncompressed barrier run (and its time to
    // the target when both reached it)
    for (CompressionComparison.Setting c : CompressionComparison.SETTINGS) {
      JsonNode bytes = records.get(names.indexOf("bytes per sync: barrier " + c.label() + " (1/MB)"));
      assertEquals("uncompressed barrier", bytes.get("baseline").asText());
      assertEquals(bytes.get("details").get("uncompressedBytesPerSync").asDouble()
          / bytes.get("details").get("bytesPerSync").asDouble(), bytes.get("ratio").asDouble(), 1e-9);
      assertTrue(bytes.get("ratio").asDouble() > 1.5, "compression sends fewer bytes: " + bytes);
      assertTrue(root.get("notes").get("barrier " + c.label() + " to 50%").asText().contains("epoch"), root.toString());
    }
    assertTrue(names.stream().skip(fixed.size()).allMatch(n -> n.startsWith("bytes per sync: barrier ")
        || n.startsWith("time to 50%: barrier ")), names.toString());
    JsonNode barrier = records.get(names.indexOf("native barrier local[2] / 1 thread"));
    assertEquals(1.6, barrier.get("targetRatio").asDouble());
    assertEquals(2.0, barrier.get("details").get("ideal").asDouble());
    JsonNode overhead = records.get(names.indexOf("per-sync overhead: barrier (1/ms)"));
    assertEquals(overhead.get("details").get("jobsMs").asDouble() / overhead.get("details").get("barrierMs").asDouble(),
        overhead.get("ratio").asDouble(), 1e-9);
    assertTrue(root.get("notes").get("native barrier to 50%").asText().contains("epoch"), root.toString());
    if (DL4J) {
      assertEquals(5.0, records.get(0).get("targetRatio").asDouble());
    } else {
      assertTrue(root.get("notes").get("dl4j").asText().startsWith("not run: DL4J's Spark engine is in the Spark 3.5"
          + " build only (this is the Spark 4 build)"), root.toString());
      assertFalse(root.get("notes").has("dl4j per epoch"), root.toString());
    }
    assertTrue(root.get("notes").get("native to 50%").asText().contains("epoch"), root.toString());
    for (JsonNode r : records) {
      assertEquals(r.get("value").asDouble() / r.get("baselineValue").asDouble(), r.get("ratio").asDouble(), 1e-9);
    }
    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("scaling efficiency on 2 cores (barrier)"), table);
    assertTrue(table.contains("per-synchronisation overhead: jobs"), table);
    assertEquals(DL4J, table.contains("DL4J Spark"), table);
    assertTrue(table.contains("compression top-k 1%: "), table);
  }
}
