package io.fedspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.federated.data.DatasetId;
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
 * {@code bench api} end to end at tiny sizes (5,000 MNIST training rows, 784-16-10, up to 2 fedspark
 * epochs, MLlib at maxIter 2 and 4, a 50% target, short scoring) on the shared local[2] session:
 * both figures are produced, written and printed, and a tiny run makes no claim. Asserts
 * structure and consistency, never speed.
 */
@SparkTest
class ApiBenchmarkSmokeTest {

  @Test
  void tinyRunWritesBothFigures(JavaSparkContext jsc, @TempDir Path dir) throws Exception {
    TestData.dir(DatasetId.MNIST);
    ApiBenchmark.Options tiny = new ApiBenchmark.Options("tiny", "mnist", List.of(784, 16, 10), 2, 2, 32, 10, 0.05,
        List.of(2, 4), 60, 120, 0.5, false, 2, 2, 0.2, 5000, 7);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    int code = ApiBenchCommand.run(tiny, List.of(), "test", new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(progress, true, StandardCharsets.UTF_8), dir);
    assertEquals(0, code);

    JsonNode root = new ObjectMapper().readTree(dir.resolve("api.json").toFile());
    assertEquals("api", root.get("benchmark").asText());
    assertEquals("tiny", root.get("mode").asText());
    JsonNode notes = root.get("notes");
    assertTrue(notes.get("claim").asText().contains("NO claim about the time to 50%"), root.toString());
    assertTrue(notes.get("configuration").asText().contains("5000 training rows, 10000 test rows"), root.toString());
    assertTrue(notes.get("mllib").asText().contains("solver l-bfgs"), root.toString());
    assertTrue(notes.get("load").asText().startsWith("1-min load average"), root.toString());
    JsonNode records = root.get("records");
    assertEquals(2, records.size(), root.toString());
    JsonNode time = records.get(0);
    assertTrue(time.get("name").asText().startsWith("fit time to "), root.toString());
    assertFalse(time.has("targetRatio"), "a tiny run has no target: " + root);
    JsonNode d = time.get("details");
    assertEquals(d.get("mllibSeconds").asDouble() / d.get("fedsparkSeconds").asDouble(), time.get("ratio").asDouble(),
        1e-9);
    assertTrue(d.get("fedsparkAccuracy").asDouble() >= d.get("targetAccuracy").asDouble(), root.toString());
    assertTrue(d.get("mllibAccuracy").asDouble() >= d.get("targetAccuracy").asDouble(), root.toString());
    assertEquals(2, time.get("valueRepetitions").asInt(), "fedspark's fit is repeated fitRepeats times: " + root);
    JsonNode transform = records.get(1);
    assertEquals("transform rows/s: NeuralNetClassificationModel", transform.get("name").asText());
    assertEquals(2, transform.get("valueRepetitions").asInt());
    assertEquals(2, transform.get("baselineRepetitions").asInt());
    assertFalse(transform.has("targetRatio"), root.toString());
    for (JsonNode r : records) {
      assertEquals(r.get("value").asDouble() / r.get("baselineValue").asDouble(), r.get("ratio").asDouble(), 1e-9);
    }
    String table = out.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("MLlib MultilayerPerceptronClassificationModel"), table);
    assertTrue(progress.toString(StandardCharsets.UTF_8).contains("MLlib maxIter=2"), progress.toString());
  }

  @Test
  void refusesAmaxIterListThatIsNotIncreasing() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ApiBenchmark.Options("tiny",
        "mnist", List.of(784, 16, 10), 2, 2, 32, 10, 0.05, List.of(4, 2), 60, 120, 0.5, false, 2, 2, 0.2, 5000, 7));
    assertTrue(e.getMessage().startsWith("bench api: invalid options"), e.getMessage());
  }
}
