package io.fedspark.jobs.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.config.InvalidConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing an experiment file and expanding its grid (no Spark). */
class ExperimentSpecTest {
  private static final String FILE = """
      experiment {
        command = federate
        base { federate { dataset = digits, rounds = 2 } }
        grid {
          "federate.partition.scheme" = [labeldir, iid], "federate.curriculum.data-ordering" = [curriculum, anti-curriculum, random]
        }
        labels {
          "federate.partition.scheme" { name = partition, values { labeldir = "labeldir 0.05" } }
          "federate.curriculum.data-ordering" = ordering
        }
        seeds = [1, 2]
        panel-by = partition
      }
      """;

  private static ExperimentSpec parse(String text, String... sets) {
    return ExperimentSpec.parse(text, "test.conf", "test", List.of(sets));
  }

  private static List<String> describe(ExperimentSpec s) {
    return s.grid().points().stream().map(GridPoint::describe).toList();
  }

  @Test
  void theGridIsTheCartesianProductWithTheFirstAxisSlowestAndLabelsApplied() {
    ExperimentSpec s = parse(FILE);
    assertEquals("test", s.name());
    assertEquals(List.of(1L, 2L), s.seeds());
    assertEquals(List.of(
        "partition=labeldir 0.05, ordering=curriculum",
        "partition=labeldir 0.05, ordering=anti-curriculum",
        "partition=labeldir 0.05, ordering=random",
        "partition=iid, ordering=curriculum",
        "partition=iid, ordering=anti-curriculum",
        "partition=iid, ordering=random"), describe(s));
    GridPoint p4 = s.grid().points().get(4);
    assertEquals(4, p4.index());
    assertEquals(List.of("federate.partition.scheme=\"iid\"", "federate.curriculum.data-ordering=\"anti-curriculum\""), p4.overrides());
    assertEquals("iid-anti-curriculum", p4.slug());
    assertEquals("partition", s.panelBy().label());
    assertEquals(List.of("federate.dataset=\"digits\"", "federate.rounds=2"), s.baseOverrides());
  }

  @Test
  void axesFollowTheFileOrderNotTheKeyOrderAndUnquotedKeysMeanTheSame() {
    ExperimentSpec s = parse("""
        experiment {
          grid {
            federate.rounds = [3, 1]
            "federate.client.batch-size" = [10]
            federate.client.learning-rate = [0.1, 0.05]
          }
        }
        """);
    assertEquals(List.of("federate.rounds", "federate.client.batch-size", "federate.client.learning-rate"),
        s.grid().axes().stream().map(GridAxis::key).toList());
    assertEquals(List.of(
        "federate.rounds=3, federate.client.batch-size=10, federate.client.learning-rate=0.1",
        "federate.rounds=3, federate.client.batch-size=10, federate.client.learning-rate=0.05",
        "federate.rounds=1, federate.client.batch-size=10, federate.client.learning-rate=0.1",
        "federate.rounds=1, federate.client.batch-size=10, federate.client.learning-rate=0.05"), describe(s));
    assertEquals(List.of(1L), s.seeds(), "default seeds");
    assertNull(s.panelBy());
  }

  @Test
  void anEmptyGridHasOnePointTheBase() {
    ExperimentSpec s = parse("experiment { base { federate.rounds = 2 }, seeds = [7, 8, 9] }");
    assertEquals(List.of("(base)"), describe(s));
    assertEquals("base", s.grid().points().get(0).slug());
  }

  @Test
  void setChangesTheExperimentOrAppliesJobKeysToEveryRun() {
    ExperimentSpec s = parse(FILE, "experiment.seeds=[5]", "experiment.grid.\"federate.partition.scheme\"=[iid]",
        "federate.client.local-epochs=3");
    assertEquals(List.of(5L), s.seeds());
    assertEquals(3, s.grid().size());
    assertEquals("partition=iid, ordering=random", s.grid().points().get(2).describe());
    // The label of labeldir, no longer in the grid, is ignored; so is a label of a key that is no axis.
    ExperimentSpec t = parse(FILE.replace("seeds = [1, 2]", "seeds = [1, 2], labels.\"federate.rounds\" = r"),
        "experiment.grid.\"federate.partition.scheme\"=[iid]");
    assertEquals(List.of("partition", "ordering"), t.grid().axes().stream().map(GridAxis::label).toList());
    assertEquals("federate.client.local-epochs=3", s.baseOverrides().get(s.baseOverrides().size() - 1));
  }

  @Test
  void mistakesAreNamedWithTheirKey() {
    assertMessage(() -> parse("experiment { seedz = [1] }"), "experiment.seedz", "unknown experiment key", "seeds");
    assertMessage(() -> parse("federate.rounds = 3\nexperiment { }"), "top-level key 'federate'", "experiment.base");
    assertMessage(() -> parse("experiment { grid { \"federate.rounds\" = 3 } }"), "federate.rounds", "expected a list");
    assertMessage(() -> parse("experiment { grid { \"federate.rounds\" = [] } }"), "federate.rounds", "at least one value");
    assertMessage(() -> parse("experiment { grid { \"federate.rounds\" = [2, 2] } }"), "listed twice");
    assertMessage(() -> parse("experiment { base { federate.rounds = 2 }, grid { \"federate.rounds\" = [1, 2] } }"),
        "both a grid axis and set in experiment.base");
    assertMessage(() -> parse("experiment { grid { \"federate.rounds\" = [1, 2] } }", "federate.rounds=3"), "--set federate.rounds",
        "is a grid axis");
    assertMessage(() -> parse("experiment { grid { \"run.seed\" = [1, 2] } }"), "run.seed cannot be a grid axis");
    assertMessage(() -> parse("experiment { base { run.seed = 4 } }"), "experiment.seeds");
    assertMessage(() -> parse("experiment { seeds = [1, 1] }"), "experiment.seeds", "listed twice");
    assertMessage(() -> parse("experiment { seeds = [] }"), "experiment.seeds", "non-empty");
    assertMessage(() -> parse("experiment { metric = best }"), "experiment.metric = 'best'", "final-test-accuracy");
    assertMessage(() -> parse("experiment { command = train-everything }"), "experiment.command", "federate");
    assertMessage(() -> parse("experiment { name = \"a b\" }"), "experiment.name");
    assertMessage(() -> parse("experiment { grid { \"federate.rounds\" = [1] }, labels { \"federate.rounds\" { nmae = r } } }"),
        "experiment.labels.federate.rounds.nmae", "name = NAME");
    assertMessage(() -> parse("experiment { grid { \"federate.rounds\" = [1] }, panel-by = partition }"), "experiment.panel-by");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
    InvalidConfigException ex = assertThrows(InvalidConfigException.class, e);
    for (String p : parts) {
      assertTrue(ex.getMessage().contains(p), "'" + p + "' missing from: " + ex.getMessage());
    }
  }

  @Test
  void zipGroupsAreOneAxisAndOnlyFederateIsAnExperimentCommand() {
    ExperimentSpec s = parse(FILE.replace("seeds = [1, 2]", "seeds = [1, 2]\n zip = [ { \"federate.client.learning-rate\" = [0.1, 0.05],"
        + " \"federate.client.local-epochs\" = [1, 2] } ]"));
    assertEquals(12, s.grid().size(), "2 schemes x 3 orderings x 2 zipped pairs, not x 4");
    GridPoint p1 = s.grid().points().get(1);
    assertEquals(List.of("federate.partition.scheme=\"labeldir\"", "federate.curriculum.data-ordering=\"curriculum\"",
        "federate.client.learning-rate=0.05", "federate.client.local-epochs=2"), p1.overrides());
    assertEquals("0.05/2", p1.valueOf("federate.client.local-epochs").text());
    InvalidConfigException bad = assertThrows(InvalidConfigException.class, () -> parse(FILE.replace("seeds = [1, 2]",
        "seeds = [1, 2]\n zip = [ { \"federate.client.learning-rate\" = [0.1], \"federate.curriculum.data-ordering\" = [random] } ]")));
    assertTrue(bad.getMessage().contains("federate.curriculum.data-ordering is an axis twice"), bad.getMessage());
    InvalidConfigException train = assertThrows(InvalidConfigException.class, () -> parse(FILE.replace("command = federate", "command = train")));
    assertTrue(train.getMessage().contains("experiment.command") && train.getMessage().contains("fedspark sweep"), train.getMessage());
  }
}
