package io.fedspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records, ratios, statistics and the JSON file of the benchmark harness, on hand-made numbers. */
class BenchReportTest {

  private static Sample sample(double... rates) {
    double[] cpu = new double[rates.length];
    java.util.Arrays.fill(cpu, 1.0);
    return Sample.of(rates, cpu, rates.clone());
  }

  private static BenchReport report(List<BenchRecord> records) {
    Map<String, String> notes = new LinkedHashMap<>();
    notes.put("data", "hand-made");
    return new BenchReport("math", "test", "fedspark bench math --quick", Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:01:00Z"),
        new MachineDescription("Test CPU", 2, "17", "Linux", "native OpenBLAS 0.3.31 (core Haswell), 1 thread"),
        new SamplerOptions(Duration.ofMillis(500), 5, Duration.ofMillis(250)), notes, records);
  }

  @Test
  void sampleIsTheMedianWithMinMaxAndSpread() {
    Sample odd = sample(3, 1, 2, 10, 4);
    assertEquals(3, odd.median());
    assertEquals(1, odd.min());
    assertEquals(10, odd.max());
    assertEquals(5, odd.repetitions());
    assertEquals(1.5, odd.spread(), 1e-12); // (10 - 1) / 2 / 3
    assertEquals(2.5, sample(4, 1, 2, 3).median());
    assertEquals(3, Sample.of(new double[] {1, 2}, new double[] {Double.NaN, 3}, new double[] {1, 2}).cpuPerWall(),
        "NaN diagnostics are left out of the median");
  }

  @Test
  void ratioIsValueOverBaselineAndTheTargetIsChecked() {
    BenchRecord faster = BenchRecord.compare("x", "GFLOPS", sample(9, 10, 11), "raw", sample(4, 5, 6), 0.9);
    assertEquals(10, faster.value());
    assertEquals(5, faster.baselineValue());
    assertEquals(2.0, faster.ratio(), 1e-12);
    assertEquals(2.0, faster.cpuRatio(), 1e-12);
    assertTrue(faster.meetsTarget());
    BenchRecord slower = BenchRecord.compare("y", "GFLOPS", sample(8.9), "raw", sample(10), 0.9);
    assertEquals(0.89, slower.ratio(), 1e-12);
    assertFalse(slower.meetsTarget());
    assertNull(BenchRecord.compare("z", "GFLOPS", sample(1), "raw", sample(2), null).meetsTarget());
    // wall clock says 1.2, CPU time says 0.8 (the baseline lost its core more often): not met
    Sample busyBaseline = Sample.of(new double[] {10}, new double[] {0.5}, new double[] {15});
    BenchRecord flattered = BenchRecord.compare("w", "GFLOPS", sample(12), "raw", busyBaseline, 0.9);
    assertEquals(1.2, flattered.ratio(), 1e-12);
    assertEquals(0.8, flattered.cpuRatio(), 1e-12);
    assertFalse(flattered.meetsTarget());

    BenchRecord bound = BenchRecord.derived("c", "examples/s", 300, sample(300), "raw-GEMM bound", 1000, 600, null,
        Map.of("raw GFLOPS at 10x784x200", 25.0));
    assertEquals(0.3, bound.ratio(), 1e-12);
    assertEquals(0.5, bound.cpuRatio(), 1e-12);
    assertNull(bound.baselineSample());
  }

  @Test
  void invalidRecordsAreRefusedNamingTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BenchRecord("gemm", 1, "GFLOPS", "raw", 0, 1, null, null, null, Map.of(), null));
    assertTrue(e.getMessage().contains("'gemm': baseline value is 0.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BenchRecord(" ", 1, "GFLOPS", "raw", 1, 1, null, null,
        null, Map.of(), null));
    assertThrows(IllegalArgumentException.class, () -> sample());
  }

  @Test
  void jsonHasOneRecordPerFigureWithNameValueUnitBaselineAndRatio(@TempDir Path dir) throws Exception {
    BenchRecord a = BenchRecord.compare("gemm 64x784x200: core native", "GFLOPS", sample(60, 63, 66), "raw cblas_sgemm",
        sample(68, 70, 72), 0.9);
    BenchRecord c = BenchRecord.derived("train b10: core native", "examples/s", 2000, sample(2000), "raw-GEMM bound",
        4000, 4000, null, Map.of("GEMM-only step time (ms)", 2.5));
    Path file = dir.resolve("bench-results").resolve("math.json");
    report(List.of(a, c)).writeJson(file);

    JsonNode root = new ObjectMapper().readTree(file.toFile());
    assertEquals("math", root.get("benchmark").asText());
    assertEquals("Test CPU", root.get("machine").get("cpuModel").asText());
    assertEquals(2, root.get("machine").get("cores").asInt());
    assertTrue(root.get("machine").get("nativeBlas").asText().contains("Haswell"));
    JsonNode records = root.get("records");
    assertEquals(2, records.size());
    JsonNode r0 = records.get(0);
    assertEquals("gemm 64x784x200: core native", r0.get("name").asText());
    assertEquals(63, r0.get("value").asDouble());
    assertEquals("GFLOPS", r0.get("unit").asText());
    assertEquals("raw cblas_sgemm", r0.get("baseline").asText());
    assertEquals(70, r0.get("baselineValue").asDouble());
    assertEquals(0.9, r0.get("ratio").asDouble(), 1e-12);
    assertTrue(r0.get("meetsTarget").asBoolean());
    assertEquals(60, r0.get("valueMin").asDouble());
    assertEquals(72, r0.get("baselineMax").asDouble());
    assertEquals(0.5, records.get(1).get("ratio").asDouble(), 1e-12);
    assertEquals(2.5, records.get(1).get("details").get("GEMM-only step time (ms)").asDouble());
    assertFalse(records.get(1).has("targetRatio"));

    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertTrue(Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ),
          "results are readable by everyone, not private like a temporary file: " + Files.getPosixFilePermissions(file));
    }

    // rewriting replaces the file and leaves no temporary file behind
    report(List.of(a)).writeJson(file);
    assertEquals(1, new ObjectMapper().readTree(file.toFile()).get("records").size());
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void tableListsEveryFigureWithItsRatioAndTarget() {
    String table = report(List.of(BenchRecord.compare("train b64: core native", "examples/s", sample(9000), "DL4J",
        sample(3000), 2.0))).table();
    assertTrue(table.contains("train b64: core native"), table);
    assertTrue(table.contains("3.000"), table);
    assertTrue(table.contains(">= 2.00 met"), table);
    assertTrue(table.contains("machine: Test CPU, 2 cores"), table);
  }

  @Test
  void jmhScoreErrorIsWrittenAndPrintedRelativeToTheScore(@TempDir Path dir) throws Exception {
    // JMH: score 100 (mean of the iterations) +- 2, iterations' median 99; baseline 50 +- 0.5
    Sample v = new Sample(99, 90, 110, 5, 1.0, 101, 2.0);
    Sample b = new Sample(50, 49, 51, 5, 1.0, 50.5, 0.5);
    BenchRecord r = BenchRecord.compare("gemm 10x784x200: core native", "GFLOPS", 100, v, "raw cblas_sgemm", 50, b, 0.9);
    assertEquals(2.0, r.ratio(), 1e-12);
    assertEquals(2.0, r.cpuRatio(), 1e-12);
    Path file = dir.resolve("math.json");
    report(List.of(r)).writeJson(file);
    JsonNode j = new ObjectMapper().readTree(file.toFile()).get("records").get(0);
    assertEquals(100, j.get("value").asDouble());
    assertEquals(2.0, j.get("valueError").asDouble());
    assertEquals(0.5, j.get("baselineError").asDouble());
    String table = report(List.of(r)).table();
    assertTrue(table.contains("GFLOPS       2.0%"), table); // 2 / 100, not the min-max half-range 10 %
    assertTrue(table.contains("50.00   1.0%"), table); // 0.5 / 50
    assertFalse(new ObjectMapper().readTree(report(List.of(BenchRecord.compare("x", "GFLOPS", sample(1, 2), "raw",
        sample(1), null))).toJson()).get("records").get(0).has("valueError"), "no error for a hand-timed sample");
  }

  @Test
  void cpuModelIsTheFirstModelNameOfCpuinfo() {
    assertEquals("AMD EPYC 7B13", MachineDescription.cpuModel(List.of("processor\t: 0", "vendor_id\t: AuthenticAMD",
        "model name\t: AMD EPYC 7B13", "model name\t: other")));
    assertEquals("unknown", MachineDescription.cpuModel(List.of("processor : 0")));
  }

  @Test
  void gemmShapesParseAsTheyPrint() {
    for (GemmShape g : List.of(GemmShape.of(64, 784, 200), new GemmShape(784, 64, 200, true, false),
        new GemmShape(64, 10, 200, false, true), new GemmShape(5, 3, 7, true, true))) {
      assertEquals(g, GemmShape.parse(g.toString()));
    }
    assertEquals(new GemmShape(784, 64, 200, true, false), GemmShape.parse("784^Tx64x200"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("64x784"));
    assertTrue(e.getMessage().startsWith("gemm shape '64x784': expected m x k x n"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("0x1x1"));
  }

  @Test
  void jmhForksGetThePinningOptionsAndTheFactsFile() {
    Path facts = Path.of("/tmp/facts.properties");
    assertEquals(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:GCLockerRetryAllocationCount=100",
        "-Dfedspark.bench.facts=/tmp/facts.properties"), List.of(MathBenchmark.forkJvmArgs(facts)));
  }

  @Test
  void jmhSettingsDescribeTheSampling() {
    SamplerOptions s = new MathBenchOptions.Jmh(2, 3, Duration.ofSeconds(1), 5, Duration.ofMillis(500)).sampling();
    assertEquals(Duration.ofSeconds(3), s.warmup());
    assertEquals(10, s.repetitions(), "2 forks x 5 measured iterations");
    assertEquals(Duration.ofMillis(500), s.repetitionTime());
    assertTrue(s.statistic().contains("2 fork(s) per benchmark, each 3 warm-up iteration(s) of 1.00 s then 5 measured"
        + " iteration(s) of 0.50 s"), s.statistic());
    assertThrows(IllegalArgumentException.class,
        () -> new MathBenchOptions.Jmh(0, 1, Duration.ofSeconds(1), 1, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class,
        () -> new MathBenchOptions.Jmh(1, 1, Duration.ofSeconds(1), 1, Duration.ZERO));
  }

  @Test
  void aTrainingStepOfMlp784x200x10HasFiveGemmShapes() {
    Map<GemmShape, Integer> g = MathBenchmark.trainingGemms(List.of(784, 200, 10), 64);
    assertEquals(List.of(GemmShape.of(64, 784, 200), GemmShape.of(64, 200, 10),
        new GemmShape(200, 64, 10, true, false), new GemmShape(64, 10, 200, false, true),
        new GemmShape(784, 64, 200, true, false)), List.copyOf(g.keySet()));
    double flops = 0;
    for (Map.Entry<GemmShape, Integer> e : g.entrySet()) {
      flops += e.getValue() * e.getKey().flops();
    }
    // forward 2*64*(784*200 + 200*10), backward twice that minus the skipped input gradient 2*64*784*200
    assertEquals(2.0 * 64 * (784 * 200 + 200 * 10) * 3 - 2.0 * 64 * 784 * 200, flops, 1e-6);
  }
}
