package io.fedspark.jobs.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.federated.config.InvalidConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every run's configuration is validated before the first run starts (no Spark: all fail first). */
class ExperimentPlanTest {
  @TempDir Path dir;

  private ExperimentSpec spec(String grid) {
    return ExperimentSpec.parse("""
        experiment {
          base { federate { dataset = digits, curriculum.enabled = true }, run.dir = "%s" }
          grid { %s }
          labels { "federate.curriculum.data-ordering" = ordering }
          seeds = [1, 2]
        }
        """.formatted(dir.resolve("out"), grid), "bad.conf", "bad", List.of());
  }

  @Test
  void aValidPlanHasOneRunPerPointAndSeedPointMajor() {
    ExperimentPlan plan = ExperimentPlan.validate(
        spec("\"federate.curriculum.data-ordering\" = [curriculum, vanilla]"), ConfigLoader.withShippedDefaults());
    assertEquals(4, plan.runs().size());
    assertEquals(List.of("ordering=curriculum, seed=1", "ordering=curriculum, seed=2", "ordering=vanilla, seed=1",
        "ordering=vanilla, seed=2"), plan.runs().stream().map(ExperimentPlan.PlannedRun::describe).toList());
    List<String> o = plan.runs().get(3).overrides();
    assertEquals("run.seed=2", o.get(o.size() - 1));
    assertTrue(o.contains("federate.curriculum.data-ordering=\"vanilla\""), o.toString());
  }

  @Test
  void anInvalidValueInTheLastGridPointFailsBeforeAnyRunNamingThePointAndTheKey() {
    AtomicInteger runs = new AtomicInteger();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var e = assertThrows(InvalidConfigException.class, () -> ExperimentJob.run(
        spec("\"federate.curriculum.data-ordering\" = [curriculum, random, anti]"), List.of("experiment", "bad.conf"),
        new PrintStream(out, true, StandardCharsets.UTF_8), ctx -> {
          runs.incrementAndGet();
          return null;
        }));
    String m = e.getMessage();
    assertTrue(m.contains("experiment 'bad' (bad.conf)"), m);
    assertTrue(m.contains("1 of 3 grid points are invalid; nothing was run"), m);
    assertTrue(m.contains("grid point 3 of 3 (ordering=anti), seed 1"), m);
    assertTrue(m.contains("federate.curriculum.data-ordering = 'anti'"), m);
    assertTrue(m.contains("one of curriculum | anti-curriculum | random | vanilla"), m);
    assertEquals(0, runs.get());
    assertFalse(Files.exists(dir.resolve("out")), "no output directory before validation passes");
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyInvalidPointIsListedAndUnknownKeysGetASuggestion() {
    var e = assertThrows(InvalidConfigException.class, () -> ExperimentPlan.validate(
        spec("\"federate.client.lerning-rate\" = [0.1], \"federate.rounds\" = [0, 1, -1]"), ConfigLoader.withShippedDefaults()));
    String m = e.getMessage();
    assertTrue(m.contains("3 of 3 grid points are invalid"), m);
    assertTrue(m.contains("unknown configuration key 'federate.client.lerning-rate'"), m);
    assertTrue(m.contains("did you mean 'federate.client.learning-rate'"), m);

    e = assertThrows(InvalidConfigException.class, () -> ExperimentPlan.validate(
        spec("\"federate.rounds\" = [2, 0, 3, -1]"), ConfigLoader.withShippedDefaults()));
    m = e.getMessage();
    assertTrue(m.contains("2 of 4 grid points are invalid"), m);
    assertTrue(m.contains("grid point 2 of 4 (federate.rounds=0), seed 1: federate.rounds = 0"), m);
    assertTrue(m.contains("grid point 4 of 4 (federate.rounds=-1), seed 1: federate.rounds = -1"), m);
  }
}
