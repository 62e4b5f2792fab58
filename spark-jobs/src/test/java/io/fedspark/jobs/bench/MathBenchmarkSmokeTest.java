package io.fedspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.jobs.bench.jmh.TrainingStepBenchmark;
import io.fedspark.jobs.provenance.BuildInfo;
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
 * The whole command end to end at tiny sizes: JMH really forks a JVM per benchmark (one gemm
 * shape on four backends, raw cblas_sgemm at the training step's five shapes, a 20-8-4 MLP step on
 * three engines (two without DL4J, in the Spark 4 build); 1 fork, 1 x 20 ms warm-up, 2 x 20 ms measured), and every figure is produced,
 * written and printed with a positive, finite ratio. Asserts structure and sanity, never speed.
 */
class MathBenchmarkSmokeTest {
  /** Whether this build has the DL4J baseline (the Spark 3.5 build). */
  private static final boolean DL4J = BuildInfo.sparkLine().equals("3.5");

  @Test
  void tinyRunWritesEveryFigureWithSaneRatios(@TempDir Path dir) throws Exception {
    MathBenchOptions tiny = new MathBenchOptions("tiny",
        new MathBenchOptions.Jmh(1, 1, Duration.ofMillis(20), 2, Duration.ofMillis(20)),
        List.of(new GemmShape(5, 3, 7, true, true)), ModelSpec.parse("mlp:20-8-4"), List.of(8), List.of(3.0), 32,
        TrainingStepBenchmark.Data.RANDOM, 0.05f);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    int code = BenchCommand.run(tiny, "test", new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(progress, true, StandardCharsets.UTF_8), dir);
    String jmhOutput = progress.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, jmhOutput);

    JsonNode root = new ObjectMapper().readTree(dir.resolve("math.json").toFile());
    JsonNode records = root.get("records");
    // the gemm shape: core native vs raw, core java vs native, staged vs raw; the batch: vs DL4J (Spark 3.5
    // build only), vs bound, java vs native
    int dl4j = DL4J ? 1 : 0;
    assertEquals(3 + 2 + dl4j, records.size(), records.toString());
    for (JsonNode r : records) {
      double ratio = r.get("ratio").asDouble();
      assertTrue(r.get("value").asDouble() > 0 && r.get("baselineValue").asDouble() > 0, r.toString());
      assertTrue(ratio > 0 && Double.isFinite(ratio), r.toString());
      assertEquals(r.get("value").asDouble() / r.get("baselineValue").asDouble(), ratio, 1e-9, r.toString());
      assertTrue(r.get("valueRepetitions").asInt() == 2, r.toString());
      assertTrue(r.get("valueMin").asDouble() <= r.get("valueMax").asDouble(), r.toString());
      assertTrue(r.has("cpuRatio") && r.get("cpuRatio").asDouble() > 0, "thread CPU time was counted: " + r);
      assertTrue(r.get("valueThreadCpuRate").asDouble() > 0, r.toString());
    }
    assertEquals("gemm 5^Tx3x7^T: core native", records.get(0).get("name").asText());
    assertEquals("raw cblas_sgemm", records.get(0).get("baseline").asText());
    assertEquals(0.9, records.get(0).get("targetRatio").asDouble());
    if (DL4J) {
      assertEquals("mlp 20-8-4 train b8: core native", records.get(1).get("name").asText());
      assertEquals("DL4J 1.0.0-M2", records.get(1).get("baseline").asText());
      assertEquals(3.0, records.get(1).get("targetRatio").asDouble());
    }
    assertEquals("mlp 20-8-4 train b8: core native", records.get(1 + dl4j).get("name").asText());
    assertEquals("raw-GEMM bound", records.get(1 + dl4j).get("baseline").asText());
    assertTrue(records.get(1 + dl4j).get("details").has("raw cblas_sgemm GFLOPS at 20^Tx8x8"),
        records.get(1 + dl4j).toString());
    assertEquals("gemm 5^Tx3x7^T: core java", records.get(2 + dl4j).get("name").asText());
    assertEquals("mlp 20-8-4 train b8: core java", records.get(3 + dl4j).get("name").asText());
    assertEquals("gemm 5^Tx3x7^T: core native, operands staged", records.get(4 + dl4j).get("name").asText());

    // what the forks loaded: the pinned native backend (surefire and the forks run with the GC-locker options)
    assertTrue(root.get("machine").get("nativeBlas").asText().startsWith("native OpenBLAS"), root.toString());
    assertTrue(root.get("machine").get("nativeBlas").asText().endsWith("arrays pinned"), root.toString());
    assertTrue(root.get("notes").get("a").asText().contains("pinned"), root.toString());
    assertTrue(root.get("notes").get("data").asText().startsWith("random"), root.toString());
    assertTrue(root.get("notes").get("threads").asText().contains(DL4J ? "ND4J omp 1" : "ND4J not in this build"),
        root.toString());
    assertTrue(root.get("notes").get("b").asText().startsWith(DL4J ? "one step = core"
        : "not measured: DL4J is in the Spark 3.5 build only (this is the Spark 4 build)"), root.toString());
    assertTrue(root.get("sampling").get("statistic").asText().startsWith("JMH 1.37 throughput"), root.toString());
    assertEquals(2, root.get("sampling").get("repetitions").asInt());

    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("mlp 20-8-4 train b8: core java"), table);
    assertTrue(table.contains("results: " + dir.resolve("math.json").toAbsolutePath()), table);
    assertTrue(jmhOutput.contains("# Benchmark: io.fedspark.jobs.bench.jmh.TrainingStepBenchmark.step"), jmhOutput);
    assertTrue(jmhOutput.contains("-XX:GCLockerRetryAllocationCount=100"), "forks get the pinning options: " + jmhOutput);
  }
}
