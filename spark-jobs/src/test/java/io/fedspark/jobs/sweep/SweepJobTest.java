package io.fedspark.jobs.sweep;

import io.fedspark.jobs.TestHooks;
import io.fedspark.jobs.WithHooks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.testing.SparkTest;
import io.fedspark.jobs.testing.TestData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sweep end to end in local mode: 2 configurations x 2 seeds of a 2-round federate on the
 * sklearn digits, 2 runs at a time; stopped midway and resumed; a failing run; a second, unchanged
 * sweep compared with the first; the report.
 */
@SparkTest
class SweepJobTest {
  @TempDir Path dir;

  private static final String FILE = """
      sweep {
        name = tiny
        store = "%s"
        parallelism = 2
        seeds = [1, 2]
        metrics {
          finalTestAccuracy { direction = higher, tolerance = 0.001 }
          wall_seconds { direction = lower, tolerance = "1000%%" }
        }
        command = federate
        base {
          federate {
            dataset = digits, model = "mlp:64-32-10", rounds = 2, clients-per-round = 4, spark-partitions = 2
            partition { scheme = iid, clients = 10, min-examples = 40 }
            client.learning-rate = 0.1
          }
        }
        grid { "federate.client.local-epochs" = [1, 2] }
      }
      """;

  @BeforeAll
  static void data() {
    TestData.dir(DatasetId.DIGITS);
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private SweepRunner.Result run(List<String> sets, SweepRunner.RunExecutor executor) throws Exception {
    Path f = dir.resolve("tiny.conf");
    Files.writeString(f, FILE.formatted(dir.resolve("store")));
    SweepSpec spec = SweepSpec.load(f, sets);
    return SweepRunner.run(spec, List.of("sweep", f.toString()), new PrintStream(out, true, StandardCharsets.UTF_8), executor);
  }

  @Test
  void aSweepRunsResumesOnlyTheMissingRunsComparesAndReports() throws Exception {
    Set<String> executed = ConcurrentHashMap.newKeySet();
    SweepRunner.RunExecutor real = (cmd, ctx) -> {
      executed.add(ctx.config().get(io.fedspark.jobs.config.RunOptions.DIR));
      return cmd.job().run(ctx).runDir().toString();
    };

    // 1. Killed midway: the test hook stops after 2 of the 4 runs, before any report.
    SweepRunner.Result first = WithHooks.with(TestHooks.SWEEP_STOP_AFTER, 2, () -> run(List.of("sweep.id=n1"), real));
    assertTrue(first.stopped());
    assertEquals(2, first.executed());
    assertEquals(2, first.rows().size());
    assertNull(first.report());
    assertFalse(Files.exists(dir.resolve("store/sweeps/n1/report.md")));
    Set<String> firstRuns = Set.copyOf(executed);

    // 2. Rerun: only the 2 missing runs execute; one of them fails and the sweep goes on.
    executed.clear();
    String[] failOnce = {null};
    SweepRunner.Result second = run(List.of("sweep.id=n1"), (cmd, ctx) -> {
      synchronized (failOnce) {
        if (failOnce[0] == null) {
          failOnce[0] = ctx.config().get(io.fedspark.jobs.config.RunOptions.DIR);
          throw new IllegalStateException("injected failure");
        }
      }
      return real.run(cmd, ctx);
    });
    assertEquals(2, second.skipped());
    assertEquals(2, second.executed());
    assertTrue(executed.stream().noneMatch(firstRuns::contains), "complete runs are not run again");
    assertEquals(4, second.rows().size());
    assertEquals(1, second.failed());
    RunRow failed = second.rows().stream().filter(r -> !r.ok()).findFirst().orElseThrow();
    assertEquals("injected failure", failed.error());
    assertNotNull(second.report());

    // 3. Rerun again: only the failed run is retried.
    executed.clear();
    SweepRunner.Result third = run(List.of("sweep.id=n1"), real);
    assertEquals(3, third.skipped());
    assertEquals(1, third.executed());
    assertEquals(Set.of(failOnce[0]), Set.copyOf(executed));
    assertEquals(0, third.failed());
    assertEquals(4, third.rows().size());
    for (RunRow r : third.rows()) {
      assertEquals(16, r.runHash().length());
      assertTrue(r.value("finalTestAccuracy") > 0.3 && r.value("finalTestAccuracy") <= 1, r.toString());
      assertTrue(r.value("wall_seconds") > 0);
      assertTrue(r.value("examples_per_second") > 0, "federate throughput estimate: " + r.values());
      assertTrue(r.value("driver_peak_heap_mb") > 0);
      assertTrue(Files.exists(Path.of(java.net.URI.create(r.provenance()))), r.provenance());
      assertTrue(Set.of("1", "2").contains(r.grid().get("federate.client.local-epochs")));
    }
    assertEquals(2, third.rows().stream().map(RunRow::config).distinct().count());

    // The tables: CSV and Parquet with the explicit schema.
    Path sweepDir = dir.resolve("store/sweeps/n1");
    assertEquals(5, Files.readAllLines(sweepDir.resolve("results.csv")).size());
    SparkSession spark = SparkSession.active();
    List<Row> parquet = spark.read().parquet(sweepDir.resolve("results.parquet").toString()).collectAsList();
    assertEquals(4, parquet.size());
    assertEquals("n1", parquet.get(0).getAs("sweep_id"));
    assertTrue(((Double) parquet.get(0).getAs("finalTestAccuracy")) > 0.3);

    // 4. A second sweep of the same configuration (deterministic: same accuracies) compares clean.
    Set<String> tags = ConcurrentHashMap.newKeySet();
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
        // a comma-separated list: Spark 4 adds its SQL session's own tags to every SQL job
        String t = start.properties() == null ? null : start.properties().getProperty("spark.job.tags");
        if (t != null) {
          tags.addAll(List.of(t.split(",")));
        }
      }
    };
    spark.sparkContext().addSparkListener(listener);
    SweepRunner.Result n2 = run(List.of("sweep.id=n2"), real);
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().removeSparkListener(listener);
    Set<String> runTags = new java.util.HashSet<>();
    n2.rows().forEach(r -> runTags.add("fedspark-sweep-n2-" + r.runHash()));
    assertEquals(runTags, tags.stream().filter(t -> t.startsWith("fedspark-sweep-n2-")).collect(java.util.stream.Collectors.toSet()),
        "every run's Spark jobs carry its tag: " + tags);
    assertEquals(4, n2.executed());
    assertNotNull(n2.comparison());
    assertEquals("n1", n2.comparison().baseline().id());
    assertEquals(List.of(), n2.comparison().regressions());
    for (RunRow r : n2.rows()) {
      RunRow before = third.rows().stream().filter(b -> b.runHash().equals(r.runHash())).findFirst().orElseThrow();
      assertEquals(before.value("finalTestAccuracy"), r.value("finalTestAccuracy"), 0.0, "same config + seed, same result");
    }

    // 5. The report: markdown, self-contained HTML, PNGs that decode.
    Path n2Dir = dir.resolve("store/sweeps/n2");
    String md = Files.readString(n2Dir.resolve("report.md"));
    assertTrue(md.contains("| configuration | runs ok | finalTestAccuracy | wall_seconds | examples_per_second |"), md);
    assertTrue(md.contains("| tiny: federate.client.local-epochs=1 | 2/2 | "), md);
    assertTrue(md.contains("## Compared with n1"), md);
    assertTrue(md.contains("No regression beyond tolerance."), md);
    List<Path> pngs;
    try (var s = Files.list(n2Dir.resolve("plots"))) {
      pngs = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
    assertEquals(List.of("finalTestAccuracy-history.png", "finalTestAccuracy-per-config.png", "wall_seconds-history.png",
        "wall_seconds-per-config.png"), pngs.stream().map(p -> p.getFileName().toString()).toList());
    for (Path p : pngs) {
      BufferedImage img = ImageIO.read(p.toFile());
      assertNotNull(img, p + " decodes");
      assertTrue(img.getWidth() > 100 && img.getHeight() > 100);
    }
    String html = Files.readString(n2Dir.resolve("report.html"));
    Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    List<BufferedImage> embedded = new ArrayList<>();
    while (m.find()) {
      embedded.add(ImageIO.read(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
    }
    assertEquals(4, embedded.size(), "every plot embedded");
    assertTrue(embedded.stream().allMatch(i -> i != null && i.getWidth() > 100));
    assertFalse(html.contains("src=\"plots/"), "no external files");
    assertTrue(html.contains("<table>"));
    String stdout = out.toString(StandardCharsets.UTF_8);
    assertTrue(stdout.contains("[sweep] n1: 1 job(s), 4 runs (3 already complete, skipped), parallelism 2"), stdout);
  }
}
