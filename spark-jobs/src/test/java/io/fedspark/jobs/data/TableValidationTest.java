package io.fedspark.jobs.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.testing.RejectedRun;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.train.TrainJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad tables are refused before any training with exit 2, one line naming the key, the column, the
 * type or value found and what was expected, and no run directory; bad rows fail naming the file
 * and row ({@code data.bad-rows = fail}) or are counted per reason and recorded ({@code skip}).
 * Every test writes its own small file.
 */
@SparkTest
class TableValidationTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static final String GOOD = "a,b,label\n0.1,0.2,0\n0.3,0.1,1\n0.9,0.8,2\n0.5,0.5,1\n0.2,0.7,0\n0.6,0.1,2\n"
      + "0.4,0.4,1\n0.8,0.9,2\n0.1,0.1,0\n0.7,0.3,1\n";

  private List<String> csv(Path p, String... more) {
    List<String> sets = new ArrayList<>(List.of("train.dataset=table", "train.model=\"mlp:2-4-3\"", "train.partitions=1",
        "train.epochs=1", "train.batch-size=2", "data.source.format=csv", "data.source.path=\"" + p + "\"",
        "data.source.options.header=true", "data.source.options.inferSchema=true", "data.source.features=[a, b]",
        "data.source.label=label", "data.source.test.fraction=0.3"));
    sets.addAll(List.of(more));
    return sets;
  }

  private String rejected(List<String> sets) {
    return RejectedRun.message("train", dir.resolve("run"), sets);
  }

  @Test
  void aMissingColumnIsNamedWithTheColumnsTheTableHas() throws Exception {
    String e = rejected(csv(file("t.csv", GOOD), "data.source.features=[a, zz]"));
    RejectedRun.contains(e, "data.source.features = 'zz'", "has no column 'zz'", "[a, b, label]");
  }

  @Test
  void aWrongTypeNamesTheColumnTheTypeFoundAndTheTypesExpected() throws Exception {
    Path json = file("t.json", "{\"features\":[0.1,0.2],\"label\":[1]}\n{\"features\":[0.3,0.4],\"label\":[2]}\n");
    String e = rejected(List.of("train.dataset=table", "train.model=\"mlp:2-4-3\"", "data.source.format=json",
        "data.source.path=\"" + json + "\"", "data.source.features=features", "data.source.label=label"));
    RejectedRun.contains(e, "data.source.label = 'label'", "is array<bigint>", "expected a number or a string");
  }

  @Test
  void aFeatureCountTheModelDoesNotTakeIsRefused() throws Exception {
    String e = rejected(csv(file("t.csv", GOOD), "train.model=\"mlp:3-4-3\""));
    RejectedRun.contains(e, "rows have 2 features", "mlp:3-4-3", "takes 3");
  }

  @Test
  void anEmptyTableIsRefused() throws Exception {
    String e = rejected(csv(file("empty.csv", "a,b,label\n")));
    RejectedRun.contains(e, "data.source.path", "0 usable training rows", "expected at least one of each");
  }

  @Test
  void aLabelOutOfTheModelsRangeIsRefused() throws Exception {
    String e = rejected(csv(file("t.csv", GOOD + "0.5,0.5,7\n")));
    RejectedRun.contains(e, "data.source.label = 'label'", "label 7 is out of range", "[0, 3)");
  }

  @Test
  void moreStringLabelsThanOutputsAreRefused() throws Exception {
    String e = rejected(csv(file("t.csv", GOOD.replace(",0\n", ",cat\n").replace(",1\n", ",dog\n")
        .replace(",2\n", ",eel\n") + "0.5,0.5,fox\n")));
    RejectedRun.contains(e, "4 distinct labels", "3 outputs");
  }

  @Test
  void badValuesFailNamingTheFileAndTheRow() throws Exception {
    Path p = file("bad.csv", GOOD + "NaN,0.5,1\n0.5,,2\n");
    String e = rejected(csv(p));
    RejectedRun.contains(e, "bad.csv", "row 11", "feature 0 is NaN", "2 bad rows", "1 null value",
        "1 NaN or infinite value", "data.bad-rows = skip");
    assertEquals(1, e.strip().lines().count(), e);
  }

  @Test
  void raggedArraysFailNamingTheRowAndBothLengths() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      sb.append("{\"x\":[0.").append(i).append(",0.5],\"y\":").append(i % 3).append("}\n");
    }
    sb.append("{\"x\":[0.1,0.2,0.3],\"y\":1}\n");
    String e = rejected(List.of("train.dataset=table", "train.model=\"mlp:2-4-3\"", "train.partitions=1",
        "data.source.format=json", "data.source.path=\"" + file("r.json", sb.toString()) + "\"",
        "data.source.features=x", "data.source.label=y"));
    RejectedRun.contains(e, "r.json", "row 9", "it has 3 features, the table 2", "wrong number of features");
  }

  @Test
  void skippedRowsAreCountedPerReasonReportedAndRecorded() throws Exception {
    Path p = file("bad.csv", GOOD + "NaN,0.5,1\n0.5,,2\nInfinity,0.1,0\n");
    List<String> sets = csv(p, "data.bad-rows=skip", "run.dir=\"" + dir.resolve("skip") + "\"");
    TrainJob.run(new JobContext("train", sets, ConfigLoader.withShippedDefaults().load(null, sets)), null);
    JsonNode source = new ObjectMapper().readTree(dir.resolve("skip/provenance.json").toFile())
        .path("results").path("dataSource");
    String skipped = source.path("skippedRows").asText();
    assertTrue(skipped.contains("3 rows left out") && skipped.contains("1 null value")
        && skipped.contains("2 NaN or infinite value"), skipped);
    assertEquals(10, source.path("trainRows").asLong() + source.path("testRows").asLong(), "the 10 good rows");
  }

  @Test
  void aMissingPathAPresetWithAPathAndANaturalPartitionWithoutAClientColumnAreRefused() throws Exception {
    RejectedRun.contains(rejected(csv(dir.resolve("nowhere.csv"))), "data.source.path", "nowhere.csv",
        "an existing file or directory");
    RejectedRun.contains(rejected(List.of("train.dataset=digits", "data.source.path=\"" + file("t.csv", GOOD) + "\"")),
        "train.dataset = digits", "set train.dataset = table");
    List<String> sets = new ArrayList<>(csv(file("t.csv", GOOD)));
    sets.replaceAll(s -> s.replace("train.dataset", "federate.dataset").replace("train.model", "federate.model"));
    sets.removeIf(s -> s.startsWith("train."));
    sets.addAll(List.of("federate.partition.scheme=natural", "federate.clients-per-round=1"));
    RejectedRun.contains(RejectedRun.message("federate", dir.resolve("run"), sets), "data.source.client",
        "a column whose values are the clients");
  }
}
