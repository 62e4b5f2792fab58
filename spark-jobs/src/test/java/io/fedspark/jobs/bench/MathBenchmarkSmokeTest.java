package io.fedspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.math.nn.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole harness end to end at tiny sizes (milliseconds of sampling, a 20-8-4 MLP): every
 * figure is produced, written and printed. Asserts structure, never speed.
 */
class MathBenchmarkSmokeTest {

  @Test
  void tinyRunWritesEveryFigure(@TempDir Path dir) throws Exception {
    MathBenchOptions tiny = new MathBenchOptions("tiny", new SamplerOptions(Duration.ofMillis(20), 2,
        Duration.ofMillis(10)), List.of(GemmShape.of(4, 8, 6), new GemmShape(5, 3, 7, true, true)),
        ModelSpec.parse("mlp:20-8-4"), List.of(4, 8), List.of(3.0, 0.0), 32, 0.05f);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    int code = BenchCommand.run(tiny, TrainingRows.random(32, 20, 4, 3), "test", new PrintStream(out, true,
        StandardCharsets.UTF_8), new PrintStream(progress, true, StandardCharsets.UTF_8), dir);
    assertEquals(0, code);

    JsonNode root = new ObjectMapper().readTree(dir.resolve("math.json").toFile());
    JsonNode records = root.get("records");
    // per gemm shape: core native vs raw, core java vs native, staged vs raw; per batch: vs DL4J, vs bound,
    // java vs native
    assertEquals(2 * 3 + 3 * 2, records.size(), records.toString());
    for (JsonNode r : records) {
      assertTrue(r.get("value").asDouble() > 0 && r.get("baselineValue").asDouble() > 0, r.toString());
      assertEquals(r.get("value").asDouble() / r.get("baselineValue").asDouble(), r.get("ratio").asDouble(), 1e-9,
          r.toString());
    }
    assertEquals("gemm 4x8x6: core native", records.get(0).get("name").asText());
    assertEquals("raw cblas_sgemm", records.get(0).get("baseline").asText());
    assertEquals("gemm 5^Tx3x7^T: core native", records.get(1).get("name").asText());
    assertEquals("DL4J 1.0.0-M2", records.get(2).get("baseline").asText());
    assertEquals(3.0, records.get(2).get("targetRatio").asDouble());
    assertTrue(root.get("machine").get("nativeBlas").asText().startsWith("native OpenBLAS"), root.toString());
    assertEquals("gemm 5^Tx3x7^T: core native, operands staged", records.get(records.size() - 1).get("name").asText());
    assertEquals("raw cblas_sgemm", records.get(records.size() - 1).get("baseline").asText());
    assertTrue(root.get("notes").get("a").asText().contains("pinned"), root.toString());
    assertTrue(root.get("notes").get("data").asText().startsWith("random"), root.toString());

    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("mlp 20-8-4 train b8: core java"), table);
    assertTrue(table.contains("results: " + dir.resolve("math.json").toAbsolutePath()), table);
    assertTrue(progress.toString(StandardCharsets.UTF_8).contains("train b4:"), progress.toString(StandardCharsets.UTF_8));
  }
}
