package io.fedspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.jobs.cli.UserInputException;
import io.fedspark.math.nn.ModelSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench data} end to end at a tiny size (3,000 rows of 8 features, 40 clients): the table
 * is written by its own JVM, the scan, {@code train} and {@code federate} each run in a fresh JVM
 * with a 512 MB heap, and every figure is produced, written and printed with sane values (rows
 * agree, ratios are value / baseline, the read path is faster than read + epoch, the heap stays
 * below its limit, the tiny table is reported as not proving the 4x claim). Asserts structure,
 * never speed.
 */
@Tag("spark")
class DataBenchmarkSmokeTest {
  private static final SyntheticTable.Spec TINY_TABLE = new SyntheticTable.Spec(3_000, 8, 3, 40, 2.0, 0.5, 2, 32, 7);

  @Test
  void tinyRunWritesEveryFigure(@TempDir Path dir) throws Exception {
    DataBenchOptions tiny = new DataBenchOptions("tiny", TINY_TABLE, 512, 512, 1, ModelSpec.parse("mlp:8-8-3"), 2, 16,
        5, 2, 4, Duration.ofMinutes(3), List.of("-XX:TieredStopAtLevel=1"));
    Path table = dir.resolve("table");
    Path results = dir.resolve("results");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    int code = DataBenchCommand.run(tiny, table, dir.resolve("work"), "test",
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(progress, true, StandardCharsets.UTF_8),
        results);
    System.out.print(progress.toString(StandardCharsets.UTF_8)); // surefire keeps it in the test's output file
    System.out.print(out.toString(StandardCharsets.UTF_8));
    assertEquals(0, code, progress.toString(StandardCharsets.UTF_8));
    assertTrue(SyntheticTable.isComplete(table, TINY_TABLE), "the table is complete and its marker matches");

    JsonNode root = new ObjectMapper().readTree(results.resolve("data.json").toFile());
    assertEquals("data", root.get("benchmark").asText());
    assertEquals("tiny", root.get("mode").asText());
    List<JsonNode> records = new ArrayList<>();
    root.get("records").forEach(records::add);
    List<String> names = List.of("train: read path", "train: read + epoch 1", "federate: read path",
        "federate: read + round 1", "table on disk", "scan: peak heap used", "train: peak heap used",
        "federate: peak heap used");
    assertEquals(names, records.stream().map(r -> r.get("name").asText()).toList());
    for (JsonNode r : records) {
      assertTrue(r.get("value").asDouble() > 0 && r.get("baselineValue").asDouble() > 0, r.toString());
      assertEquals(r.get("value").asDouble() / r.get("baselineValue").asDouble(), r.get("ratio").asDouble(), 1e-9,
          r.toString());
    }
    double scan = records.get(0).get("baselineValue").asDouble();
    for (int i = 0; i < 4; i++) {
      JsonNode r = records.get(i);
      assertEquals("Spark scan", r.get("baseline").asText());
      assertEquals("rows/s", r.get("unit").asText());
      assertEquals(scan, r.get("baselineValue").asDouble(), 0, "one scan is every rate's baseline");
    }
    assertEquals(0.5, records.get(0).get("targetRatio").asDouble());
    assertEquals(0.5, records.get(2).get("targetRatio").asDouble());
    assertTrue(records.get(1).get("value").asDouble() < records.get(0).get("value").asDouble(),
        "read + epoch 1 takes longer than the read path alone");
    assertTrue(records.get(3).get("value").asDouble() < records.get(2).get("value").asDouble(),
        "read + round 1 takes longer than the read path alone");

    JsonNode trainRead = records.get(0).get("details");
    assertEquals(3000, trainRead.get("tableRows").asLong());
    assertEquals(3000, trainRead.get("trainRows").asLong() + trainRead.get("testRows").asLong());
    assertTrue(trainRead.get("testRows").asLong() > 300 && trainRead.get("testRows").asLong() < 900,
        "the default 20% test fraction: " + trainRead);
    assertEquals(trainRead.get("readSeconds").asDouble(), trainRead.get("validation seconds").asDouble()
        + trainRead.get("sharding seconds").asDouble(), 1e-6, "train's read path is validation + sharding");
    assertTrue(trainRead.get("validation seconds").asDouble() > 0 && trainRead.get("sharding seconds").asDouble() > 0);
    JsonNode fedFirst = records.get(3).get("details");
    assertEquals(4, fedFirst.get("cohort").asInt(), "federate.clients-per-round");
    assertTrue(fedFirst.get("clients").asInt() >= 4 && fedFirst.get("clients").asInt() <= 40, fedFirst.toString());
    assertTrue(fedFirst.get("round1Seconds").asDouble() > 0, fedFirst.toString());
    assertTrue(records.get(1).get("details").get("testAccuracy").asDouble() > 1.0 / 3,
        "one epoch learns the teacher's rule better than chance: " + records.get(1));

    JsonNode size = records.get(4);
    assertEquals(4.0, size.get("targetRatio").asDouble());
    assertFalse(size.get("meetsTarget").asBoolean(), "a tiny table does not prove the 4x claim");
    assertEquals(SyntheticTable.parquetBytes(table), size.get("details").get("tableBytes").asLong());
    for (int i = 5; i < 8; i++) {
      JsonNode heap = records.get(i);
      assertTrue(heap.get("ratio").asDouble() < 1, "below the heap limit: " + heap);
      double limit = heap.get("baselineValue").asDouble();
      assertTrue(limit > 450 && limit <= 512, "the measuring JVMs run with -Xmx512m: " + limit + " MB");
      JsonNode d = heap.get("details");
      double peak = heap.get("value").asDouble();
      assertTrue(d.get("peakBeforeGcMB").asDouble() > 0 && d.get("peakBeforeGcMB").asDouble() <= peak,
          "the peak includes the heap just before every collection: " + heap);
      assertTrue(d.get("peakAfterGcMB").asDouble() > 0 && d.get("peakAfterGcMB").asDouble() <= peak, heap.toString());
      assertTrue(d.get("poolPeakMB.G1 Old Gen").asDouble() > 0 && d.get("poolPeakMB.G1 Old Gen").asDouble() <= limit,
          "the old generation's JVM-tracked peak: " + heap);
      assertTrue(d.get("collections.G1 Young Generation").asDouble() >= 1, heap.toString());
    }
    assertTrue(root.get("notes").get("heap target").asText().startsWith("NOT PROVEN"), root.toString());

    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("where the read path's time goes"), printed);
    assertTrue(printed.contains("phase validation") && printed.contains("phase sharding")
        && printed.contains("phase client shards"), printed);
    assertTrue(printed.contains(">= 0.50"), printed);
    assertTrue(printed.contains("results: " + results.resolve("data.json").toAbsolutePath()), printed);
    String log = progress.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("[data] ") && log.contains("[federate] round 1/2"), "the jobs' progress is echoed: " + log);
    try (Stream<Path> work = Files.list(dir.resolve("work"))) {
      assertEquals(List.of("generate.log", "rep1-federate.json", "rep1-federate.log", "rep1-scan.json", "rep1-scan.log",
          "rep1-train.json", "rep1-train.log"), work.map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith("-run")).sorted().toList());
    }
  }

  @Test
  void rejectsUnknownArguments() {
    var e = assertThrows(UserInputException.class, () -> DataBenchCommand.run(List.of("data", "--fast"), System.out));
    assertTrue(e.getMessage().contains("--fast"), e.getMessage());
  }
}
