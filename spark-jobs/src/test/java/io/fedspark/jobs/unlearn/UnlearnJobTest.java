package io.fedspark.jobs.unlearn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unlearn job on the sklearn digits with a tiny grid (Retrain and FT x random and worst-case
 * x one ratio x one seed): every output exists, and the rows of the Spark tasks equal the rows of
 * the same cells run one after another in this JVM (run time excluded: it is measured, not computed).
 */
@SparkTest
class UnlearnJobTest {
  @TempDir Path dir;

  @BeforeAll
  static void data() {
    TestData.dir(DatasetId.DIGITS);
  }

  @Test
  void gridTasksMatchSequentialCellsAndEveryOutputIsWritten() throws Exception {
    List<String> o = new ArrayList<>(List.of(
        "unlearn.dataset=digits", "unlearn.model=\"mlp:64-32-10\"", "unlearn.original.epochs=8",
        "unlearn.methods=[retrain, ft]", "unlearn.forget-kinds=[random, worst-case]", "unlearn.ratios=[0.1]",
        "unlearn.seeds=[7]", "unlearn.search.select-epochs=2", "unlearn.search.unlearn-steps=2",
        "unlearn.search.lr-w=1.0"));
    o.add("run.dir=\"" + dir.resolve("run") + "\"");
    var cfg = ConfigLoader.withShippedDefaults().load(null, o);
    UnlearnJob.Result result = new UnlearnJob().run(new JobContext("unlearn", o, cfg));

    assertEquals(4, result.rows().size());
    List<UnlearnRow> sequential = new ArrayList<>();
    for (UnlearnCell cell : result.cells()) {
      sequential.add(UnlearnCells.run(cell, result.data()));
    }
    sequential = UnlearnJob.withGaps(sequential);
    for (int i = 0; i < 4; i++) {
      assertEquals(sequential.get(i).withoutRunTime(), result.rows().get(i).withoutRunTime(), "row " + i);
    }
    for (UnlearnRow r : result.rows()) {
      assertEquals(143, r.forgetSize(), "10% of the 1431 digits training examples (a seeded 20% of 1797 held out), rounded");
      assertFalse(Double.isNaN(r.gap()), "gap to Retrain of " + r);
      if (r.method().equals("Retrain")) {
        assertEquals(0.0, r.gap(), 0.0);
      }
    }

    Path run = dir.resolve("run");
    for (String f : List.of("results.csv", "results.json", "results.parquet", "summary.md", "gap-to-retrain.png",
        "indices.csv", "provenance.json")) {
      assertTrue(Files.exists(run.resolve(f)), f);
    }
    assertEquals(5, Files.readAllLines(run.resolve("results.csv")).size());
    assertEquals(3, Files.readAllLines(run.resolve("indices.csv")).stream().filter(l -> !l.startsWith("#")).count(),
        "column line and one row per set after the # header");
    String summary = Files.readString(run.resolve("summary.md"));
    assertTrue(summary.contains("| FT | worst-case |"), summary);
  }
}
