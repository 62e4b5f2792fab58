package io.fedspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.jobs.cli.UserInputException;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.math.nn.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench federate} end to end at tiny sizes (400 random rows, 20 vs 200 clients, a 20-8-4 MLP,
 * 1 warm-up and 3 timed rounds) on the shared local[2] session: every figure is produced, written
 * and printed, ratios are value / baseline. Asserts structure, never speed.
 */
@SparkTest
class FederateBenchmarkSmokeTest {

  @Test
  void tinyRunWritesEveryFigure(JavaSparkContext jsc, @TempDir Path dir) throws Exception {
    FederateBenchOptions tiny = new FederateBenchOptions("tiny", 1, 3, ModelSpec.parse("mlp:20-8-4"), 20, 200, 4, 10,
        0.5, 4, 2, 7);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    int code = FederateBenchCommand.run(tiny, jsc, FederateBenchCommand.random(400, 20, 4, 3, null), "test",
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(progress, true, StandardCharsets.UTF_8), dir);
    assertEquals(0, code);

    JsonNode root = new ObjectMapper().readTree(dir.resolve("federate.json").toFile());
    assertEquals("federate", root.get("benchmark").asText());
    assertEquals("tiny", root.get("mode").asText());
    List<JsonNode> records = new java.util.ArrayList<>();
    root.get("records").forEach(records::add);
    // The CPU-time figure is left out when the process CPU clock (10 ms ticks) saw no time in the
    // in-process rounds, which can happen at these sizes; every other figure is always there.
    boolean cpu = records.size() == 5;
    List<String> names = new java.util.ArrayList<>(List.of("round time, 200 clients", "setup, 200 clients",
        "round time, spark backend", "peak heap after GC"));
    List<String> baselines = new java.util.ArrayList<>(List.of("20 clients", "setup, 20 clients", "in-process backend",
        "heap limit (-Xmx)"));
    if (cpu) {
      names.add(3, "CPU time, spark backend");
      baselines.add(3, "in-process backend");
    }
    assertEquals(names.size(), records.size(), records.toString());
    for (int i = 0; i < names.size(); i++) {
      JsonNode r = records.get(i);
      assertEquals(names.get(i), r.get("name").asText());
      assertEquals(baselines.get(i), r.get("baseline").asText());
      assertTrue(r.get("value").asDouble() > 0 && r.get("baselineValue").asDouble() > 0, r.toString());
      assertEquals(r.get("value").asDouble() / r.get("baselineValue").asDouble(), r.get("ratio").asDouble(), 1e-9,
          r.toString());
    }
    JsonNode scale = records.get(0);
    assertEquals("ms/round", scale.get("unit").asText());
    assertEquals(3, scale.get("valueRepetitions").asInt(), "one repetition per timed round");
    assertEquals(1.3, scale.get("details").get("targetMaxRatio").asDouble());
    assertEquals(scale.get("ratio").asDouble() <= 1.3 ? 1.0 : 0.0, scale.get("details").get("meetsTarget").asDouble());
    assertEquals(2.0, scale.get("details").get("examplesPerClient").asDouble(), "400 rows over 200 clients");
    assertTrue(scale.get("details").get("value.tasks").asDouble() >= 1, scale.toString());
    JsonNode backends = records.get(2).get("details");
    assertEquals(records.get(2).get("value").asDouble() - records.get(2).get("baselineValue").asDouble(),
        backends.get("sparkOverheadMs").asDouble(), 1e-9);
    assertTrue(backends.get("value.sparkJobMs").asDouble() > 0, backends.toString());
    assertTrue(records.get(records.size() - 1).get("ratio").asDouble() < 1, "the peak heap is below the limit");
    assertTrue(root.get("notes").get("data").asText().startsWith("random"), root.toString());

    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("round time, 200 clients"), table);
    assertTrue(table.contains("<= 1.30 "), table);
    assertTrue(table.contains("where a round's time goes"), table);
    assertTrue(table.contains("results: " + dir.resolve("federate.json").toAbsolutePath()), table);
    String log = progress.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("(a) median round") && log.contains("(b) median round"), log);
  }

  @Test
  void rejectsUnknownArguments() {
    var e = assertThrows(UserInputException.class,
        () -> FederateBenchCommand.run(List.of("federate", "--fast"), System.out));
    assertTrue(e.getMessage().contains("--fast"), e.getMessage());
  }
}
