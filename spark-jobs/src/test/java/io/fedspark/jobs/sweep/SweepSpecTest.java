package io.fedspark.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.cli.FedsparkMain;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.jobs.JobKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and up-front validation of sweep files (no Spark). */
class SweepSpecTest {
  @TempDir Path dir;

  private static final String TWO_JOBS = """
      sweep {
        name = nightly
        store = "%s"
        seeds = [1, 2]
        parallelism = 2
        metrics {
          finalTestAccuracy { direction = higher, tolerance = 0.02 }
          wall_seconds { direction = lower, tolerance = "50%%" }
        }
        base { federate.dataset = digits }
        jobs {
          fed {
            command = federate
            base-config = "fed-base.conf"
            base { federate { rounds = 2, model = "mlp:64-32-10" } }
            grid { "federate.strategy.kind" = [fedavg, fedprox] }
            zip = [ { "federate.client.learning-rate" = [0.1, 0.05], "federate.client.local-epochs" = [1, 2] } ]
          }
          tr {
            command = train
            seeds = [7]
            base { train { dataset = digits, model = "mlp:64-32-10", epochs = 1 } }
          }
        }
      }
      """;

  private SweepSpec parse(String text, String... sets) throws Exception {
    Files.writeString(dir.resolve("fed-base.conf"), "federate { partition.clients = 10, partition.min-examples = 40, clients-per-round = 4 }\n"
        + "run.seed = 99\n");
    Path f = dir.resolve("s.conf");
    Files.writeString(f, text.formatted(dir.resolve("store")));
    return SweepSpec.load(f, List.of(sets));
  }

  @Test
  void jobsInheritTheSweepBlockAndZipGroupsMoveTogether() throws Exception {
    SweepSpec s = parse(TWO_JOBS);
    assertEquals("nightly", s.name());
    assertEquals(2, s.parallelism());
    assertEquals(List.of("fed", "tr"), s.jobs().stream().map(SweepSpec.SweepJob::name).toList());
    assertEquals(JobKind.FEDERATE, s.jobs().get(0).grid().command());
    assertEquals(JobKind.TRAIN, s.jobs().get(1).grid().command());
    assertEquals(List.of(1L, 2L), s.jobs().get(0).grid().seeds());
    assertEquals(List.of(7L), s.jobs().get(1).grid().seeds());
    TrackedMetric wall = s.metrics().get(1);
    assertEquals("wall_seconds", wall.name());
    assertTrue(wall.relative());
    assertEquals(0.5, wall.tolerance(), 0);
    assertTrue(wall.regressed(10, 15.1));
    assertFalse(wall.regressed(10, 14.9));
    assertTrue(s.metrics().get(0).regressed(0.9, 0.879));
    assertFalse(s.metrics().get(0).regressed(0.9, 0.881));

    SweepPlan plan = SweepPlan.validate(s, ConfigLoader.withShippedDefaults());
    // fed: 2 strategies x 2 zipped (lr, epochs) pairs (not 2 x 2 x 2) x 2 seeds; tr: 1 point x 1 seed
    assertEquals(9, plan.runs().size());
    SweepPlan.Run first = plan.runs().get(0);
    assertEquals("fed: federate.strategy.kind=fedavg, federate.client.learning-rate+federate.client.local-epochs=0.1/1", first.config());
    assertEquals("0.1", first.grid().get("federate.client.learning-rate"));
    assertEquals("1", first.grid().get("federate.client.local-epochs"));
    assertTrue(first.planned().overrides().contains("federate.partition.clients=10"), "base-config keys: " + first.planned().overrides());
    assertTrue(first.planned().overrides().contains("federate.dataset=\"digits\""), "inherited sweep.base: " + first.planned().overrides());
    assertFalse(first.planned().overrides().contains("run.seed=99"), "the sweep's seeds replace the base config's run.seed");
    assertEquals("2", plan.runs().get(2).grid().get("federate.client.local-epochs"));
    // The hash covers the resolved config and the seed, not where the output goes.
    assertNotEquals(plan.runs().get(0).hash(), plan.runs().get(1).hash());
    SweepPlan again = SweepPlan.validate(parse(TWO_JOBS, "run.root=\"elsewhere\"", "spark.master=\"local[1]\""), ConfigLoader.withShippedDefaults());
    assertEquals(plan.runs().get(0).hash(), again.runs().get(0).hash());
    assertNotEquals(plan.runs().get(0).hash(),
        SweepPlan.validate(parse(TWO_JOBS, "federate.rounds=3"), ConfigLoader.withShippedDefaults()).runs().get(0).hash());
  }

  @Test
  void badSweepFilesFailUpFrontNamingTheKey() throws Exception {
    assertMessage(TWO_JOBS.replace("parallelism = 2", "paralelism = 2"), "sweep.paralelism", "unknown sweep key");
    assertMessage(TWO_JOBS.replace("direction = higher", "direction = up"), "sweep.metrics.finalTestAccuracy.direction", "higher | lower");
    assertMessage(TWO_JOBS.replace("\"50%%\"", "\"lots\""), "sweep.metrics.wall_seconds.tolerance", "relative one in percent");
    assertMessage(TWO_JOBS.replace("[1, 2] } ]", "[1, 2, 3] } ]"), "sweep.jobs.fed.zip[0]", "same number of values");
    assertMessage(TWO_JOBS.replace("fed-base.conf", "missing.conf"), "sweep.jobs.fed.base-config", "does not exist");
    assertMessage(TWO_JOBS.replace("command = train", "command = distil"), "sweep.jobs.tr.command", "train | federate | unlearn | distill");
    assertMessage(TWO_JOBS.replace("parallelism = 2", "parallelism = 0"), "sweep.parallelism", "[1, 64]");
    assertMessage(TWO_JOBS.replace("seeds = [7]", "seeds = [7], base.math.blas-threads = 2"), "job 'tr'", "math.blas-threads",
        "chosen once");
    assertMessage(TWO_JOBS.replace("grid {", "grid { \"math.backend\" = [java, native], "), "math.backend cannot be a grid axis");
    assertMessage(TWO_JOBS.replace("[fedavg, fedprox]", "[fedavg, fedprocs]"), "sweep 'nightly', job 'fed'", "grid point 3 of 4", "federate.strategy.kind");
  }

  private void assertMessage(String text, String... parts) throws Exception {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> SweepPlan.validate(parse(text), ConfigLoader.withShippedDefaults()));
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' in: " + e.getMessage());
    }
  }

  @Test
  void anInvalidSweepExitsWith2AndWritesNothing() throws Exception {
    Path f = dir.resolve("bad.conf");
    Path store = dir.resolve("store-bad");
    Files.writeString(f, TWO_JOBS.formatted(store).replace("[fedavg, fedprox]", "[fedavg, nope]"));
    Files.writeString(dir.resolve("fed-base.conf"), "federate.partition.clients = 10\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = FedsparkMain.run(new String[] {"sweep", f.toString()}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("federate.strategy.kind"), err.toString(StandardCharsets.UTF_8));
    assertFalse(Files.exists(store), "no outputs for an invalid sweep");
  }
}
