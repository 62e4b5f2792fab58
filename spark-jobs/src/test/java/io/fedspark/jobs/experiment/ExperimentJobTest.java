package io.fedspark.jobs.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.JobContext;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.federate.FederateJob;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny real experiment on the sklearn digits: 2 orderings x 1 scheme x 2 seeds, 2 rounds each. */
@SparkTest
class ExperimentJobTest {
  @TempDir Path dir;

  private static final String FILE = """
      experiment {
        name = tiny
        command = federate
        base {
          federate {
            # 2 rounds of 5 of the 10 clients: one pass, so the curriculum's budget schedule (run
            # until rounds x clients-per-round participations are used, passes completed) also takes 2
            dataset = digits, model = "mlp:64-32-10", rounds = 2, clients-per-round = 5, spark-partitions = 4
            partition { clients = 10, min-examples = 40 }
            client { local-epochs = 2, learning-rate = 0.1 }
            curriculum.enabled = true
          }
          run.dir = "%s"
        }
        grid {
          "federate.partition.scheme" = [labeldir]
          "federate.curriculum.data-ordering" = [curriculum, anti-curriculum]
        }
        labels {
          "federate.partition.scheme" { name = partition, values { labeldir = "labeldir 0.5" } }
          "federate.curriculum.data-ordering" { name = ordering, values { anti-curriculum = anti } }
        }
        seeds = [1, 2]
        panel-by = partition
      }
      """;

  @BeforeAll
  static void data() {
    TestData.dir(DatasetId.DIGITS);
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private ExperimentJob.Result run(String name, ExperimentJob.RunExecutor executor) throws Exception {
    Path file = dir.resolve(name + ".conf");
    Files.writeString(file, FILE.formatted(dir.resolve(name)));
    ExperimentSpec spec = ExperimentSpec.load(file, List.of("federate.partition.beta=0.5"));
    return ExperimentJob.run(spec, List.of("experiment", file.toString()), new PrintStream(out, true, StandardCharsets.UTF_8), executor);
  }

  @Test
  void aTinyExperimentRunsEveryPointAndSeedAndWritesItsReports() throws Exception {
    ExperimentJob.Result r = run("real", ctx -> FederateJob.run(ctx, null));
    assertEquals(0, r.failed());
    assertEquals(4, r.outcomes().size());
    for (RunOutcome o : r.outcomes()) {
      assertEquals(2, o.rounds());
      assertTrue(o.metric() > 0.2 && o.metric() <= 1, "digits accuracy after 2 rounds: " + o.metric());
      assertTrue(Files.exists(Path.of(java.net.URI.create(o.runDir())).resolve("metrics.csv")), o.runDir());
    }
    assertEquals(List.of(1L, 2L, 1L, 2L), r.outcomes().stream().map(o -> o.run().seed()).toList());

    // Runs are independent: run 3 (anti-curriculum, seed 1) alone gives the same curve, bit for bit.
    List<String> alone = new ArrayList<>(r.outcomes().get(2).run().overrides());
    alone.add("run.dir=\"" + dir.resolve("alone") + "\"");
    var single = FederateJob.run(new JobContext("federate", alone, ConfigLoader.withShippedDefaults().load(null, alone)), null);
    assertEquals(r.outcomes().get(2).metric(), single.finalAccuracy(), 0.0);
    assertArrayEquals(r.outcomes().get(2).curveAccuracy(),
        single.state().history().stream().mapToDouble(m -> m.testAccuracy()).toArray(), 0.0);

    Path exp = dir.resolve("real");
    List<String> csv = Files.readAllLines(exp.resolve("results.csv"));
    assertEquals(5, csv.size());
    assertEquals("run,partition,ordering,seed,status,final_test_accuracy,rounds,seconds,run_dir,error", csv.get(0));
    assertTrue(csv.get(3).startsWith("3,labeldir,anti-curriculum,1,ok,"), csv.get(3));

    String md = Files.readString(exp.resolve("summary.md"));
    var p = r.summary().points();
    assertEquals(2, p.size());
    for (var s : p) {
      assertEquals(2, s.n());
      assertEquals((s.values()[0] + s.values()[1]) / 2, s.mean(), 1e-12);
      assertEquals(Math.abs(s.values()[0] - s.values()[1]) / Math.sqrt(2), s.std(), 1e-12);
    }
    assertTrue(md.contains("| labeldir 0.5 | anti | " + String.format(java.util.Locale.ROOT, "%.2f", 100 * p.get(1).mean()) + " ± "), md);
    assertTrue(md.contains("Command: `fedspark experiment "), md);

    BufferedImage png = ImageIO.read(exp.resolve("summary.png").toFile());
    assertNotNull(png);
    assertEquals(800, png.getWidth(), "one panel: one partition scheme");

    JsonNode prov = new ObjectMapper().readTree(exp.resolve("provenance.json").toFile());
    assertTrue(prov.get("experiment").get("fileText").asText().contains("\"federate.curriculum.data-ordering\""));
    assertEquals("federate.partition.beta=0.5", prov.get("experiment").get("sets").get(0).asText());
    assertEquals(4, prov.get("runs").size());
    String stdout = out.toString(StandardCharsets.UTF_8);
    assertTrue(stdout.contains("[experiment] run 3/4: partition=labeldir 0.5, ordering=anti, seed=1 ... "), stdout);
  }

  @Test
  void aFailedRunIsRecordedAndTheExperimentGoesOn() throws Exception {
    int[] calls = {0};
    ExperimentJob.Result r = run("failing", ctx -> {
      if (++calls[0] == 2) {
        throw new IllegalStateException("simulated driver failure");
      }
      return FederateJob.run(ctx, null);
    });
    assertEquals(4, calls[0]);
    assertEquals(1, r.failed());
    assertEquals("simulated driver failure", r.outcomes().get(1).error());
    assertEquals(1, r.summary().points().get(0).n());
    assertEquals(1, r.summary().points().get(0).failed());
    assertEquals(2, r.summary().points().get(1).n());
    Path exp = dir.resolve("failing");
    assertTrue(Files.readAllLines(exp.resolve("results.csv")).get(2).contains(",failed,,0,"));
    String md = Files.readString(exp.resolve("summary.md"));
    assertTrue(md.contains("- run 2 (partition=labeldir 0.5, ordering=curriculum, seed=2): simulated driver failure"), md);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("FAILED: simulated driver failure"));
  }
}
