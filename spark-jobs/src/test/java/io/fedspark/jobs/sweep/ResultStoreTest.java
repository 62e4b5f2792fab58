package io.fedspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.cli.FedsparkMain;
import io.fedspark.jobs.io.HadoopFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The result store under concurrent appends, and compare's regression flags and exit codes (no Spark). */
class ResultStoreTest {
  @TempDir Path dir;

  private static final List<TrackedMetric> METRICS = List.of(new TrackedMetric("acc", TrackedMetric.Direction.HIGHER, 0.01, false),
      new TrackedMetric("wall_seconds", TrackedMetric.Direction.LOWER, 0.5, true));

  static RunRow row(String sweep, String config, long seed, double acc, double wall) {
    return new RunRow(sweep, "s", "fed", "federate", config, sweep + "-" + config.hashCode() + "-" + seed, Map.of("k", config), seed, RunRow.OK,
        "", Map.of("acc", acc, "wall_seconds", wall), "/runs/x", "/runs/x/provenance.json", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z");
  }

  private ResultStore store() {
    return new ResultStore(new HadoopFiles(new Configuration()), dir.resolve("store").toString());
  }

  @Test
  void twoConcurrentWritersLoseNoRows() throws Exception {
    ResultStore store = store();
    int perWriter = 150;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    List<Future<?>> fs = new ArrayList<>();
    // Two sweeps appending at once, and a third writer sharing sweep "a" (as a second process resuming it would).
    for (String[] w : new String[][] {{"a", "x"}, {"b", "y"}, {"a", "z"}}) {
      fs.add(pool.submit(() -> {
        go.await();
        ResultStore mine = store(); // own instance: as another process would have
        for (int i = 0; i < perWriter; i++) {
          mine.append(row(w[0], w[1] + i, i, 0.5, 1));
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    List<RunRow> a = store.rows("a");
    List<RunRow> b = store.rows("b");
    assertEquals(2 * perWriter, a.size());
    assertEquals(perWriter, b.size());
    Set<String> configs = new HashSet<>();
    a.forEach(r -> configs.add(r.config()));
    assertEquals(2 * perWriter, configs.size(), "every row of both writers, none twice");
    try (var files = Files.list(dir.resolve("store/sweeps/a/rows"))) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
    }
    String csv = ResultStore.csv(b, List.of("k"), ResultStore.valueNames(METRICS));
    assertEquals(perWriter + 1, csv.lines().count());
    assertTrue(csv.lines().findFirst().orElseThrow().startsWith("sweep_id,sweep_name,job,command,config,run_hash,k,seed,status,acc,wall_seconds,"));
  }

  private void sweep(ResultStore store, String id, String started, double accShift, double wallFactor) {
    store.writeMetaIfAbsent(new SweepMeta(id, "s", started, "local[2]", METRICS, List.of("k"), "s.conf", "{}"));
    for (String c : List.of("c1", "c2")) {
      for (long seed = 1; seed <= 2; seed++) {
        double acc = (c.equals("c1") ? 0.9 : 0.8) + 0.002 * seed + (c.equals("c2") ? accShift : 0);
        store.append(row(id, c, seed, acc, 10 * wallFactor + seed));
      }
    }
  }

  @Test
  void compareFlagsAnInjectedRegressionAndPassesAnUnchangedSweep() {
    ResultStore store = store();
    sweep(store, "night-1", "2026-01-01T00:00:00Z", 0, 1);
    sweep(store, "night-2", "2026-01-02T00:00:00Z", 0, 1.2); // same accuracy, 20% slower: within 50%
    sweep(store, "night-3", "2026-01-03T00:00:00Z", -0.05, 1); // c2 accuracy down 5 points: beyond 0.01

    SweepComparison same = SweepCommand.compare(store, "s", "night-2", "latest");
    assertEquals("night-1", same.baseline().id());
    assertEquals(List.of(), same.regressions());
    SweepComparison.Cell c1acc = same.cells().get(0);
    assertEquals("c1", c1acc.config());
    assertEquals(0.903, c1acc.current().mean(), 1e-12);
    assertEquals(0.002 / Math.sqrt(2), c1acc.current().std(), 1e-12);
    assertEquals(0, c1acc.difference(), 1e-12);

    SweepComparison worse = SweepCommand.compare(store, "s", null, "latest"); // latest is night-3, baseline night-2
    assertEquals("night-3", worse.current().id());
    assertEquals(1, worse.regressions().size());
    assertEquals("c2", worse.regressions().get(0).config());
    assertEquals("acc", worse.regressions().get(0).metric().name());
    assertEquals(-0.05, worse.regressions().get(0).difference(), 1e-9);

    String storePath = dir.resolve("store").toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertEquals(SweepCommand.REGRESSION, FedsparkMain.run(new String[] {"sweep", "compare", "--store", storePath, "--baseline", "latest"}, ps, ps));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("REGRESSION c2 acc: 0.8030 -> 0.7530"), out.toString(StandardCharsets.UTF_8));
    assertEquals(0, FedsparkMain.run(new String[] {"sweep", "compare", "--store", storePath, "--baseline", "night-1", "night-2"}, ps, ps));
    // Better than the baseline is not a regression: night-2 against night-3.
    assertEquals(0, FedsparkMain.run(new String[] {"sweep", "compare", "--store", storePath, "--baseline", "night-3", "night-2"}, ps, ps));
    assertEquals(2, FedsparkMain.run(new String[] {"sweep", "compare", "--store", storePath, "--baseline", "night-9"}, ps, ps));
    assertEquals(2, FedsparkMain.run(new String[] {"sweep", "compare", "--store", storePath}, ps, ps));
    // The first sweep of a name has nothing to compare with: not an error for a nightly job.
    assertEquals(0, FedsparkMain.run(new String[] {"sweep", "compare", "--store", storePath, "--baseline", "latest", "night-1"}, ps, ps));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("nothing to compare with yet"));
  }
}
