package io.fedspark.jobs.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.config.InvalidConfigException;
import io.fedspark.federated.stats.ReportedEffect;
import io.fedspark.federated.stats.Verdict;
import io.fedspark.jobs.report.PairedFindings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paired comparisons of an experiment against values worked out by hand (no Spark). */
class ExperimentComparisonTest {
  private static final String FILE = """
      experiment {
        grid { "federate.partition.scheme" = [labeldir, iid], "federate.curriculum.data-ordering" = [curriculum, anti-curriculum, random] }
        labels {
          "federate.partition.scheme" = partition
          "federate.curriculum.data-ordering" { name = ordering, values { anti-curriculum = anti } }
        }
        seeds = [1, 2, 3]
        compare {
          axis = ordering
          control = random
          findings { anti-curriculum = decrease, curriculum = increase }
        }
      }
      """;

  /** Accuracy per grid point (partition slowest, then ordering) and seed; NaN = a failed run. */
  private static final double[][] ACCURACY = {
      {0.90, 0.92, 0.95}, // labeldir curriculum
      {0.80, 0.81, 0.82}, // labeldir anti
      {0.89, 0.90, 0.92}, // labeldir random
      {0.95, 0.96, 0.97}, // iid curriculum
      {0.96, 0.97, Double.NaN}, // iid anti: seed 3 failed
      {0.97, 0.975, 0.985}, // iid random
  };

  private static List<RunOutcome> outcomes(ExperimentSpec spec) {
    List<RunOutcome> out = new ArrayList<>();
    int n = 0;
    for (GridPoint p : spec.grid().points()) {
      for (int s = 0; s < 3; s++) {
        var run = new ExperimentPlan.PlannedRun(++n, 18, p, s + 1, List.of());
        double a = ACCURACY[p.index()][s];
        out.add(Double.isNaN(a) ? RunOutcome.failed(run, "boom", 1, "dir") : new RunOutcome(run, null, a, 2, 1, "dir", new double[0],
            new double[0]));
      }
    }
    return out;
  }

  @Test
  void differencesArePairedBySeedWithinEachPartitionAndJudgedAgainstThePaper() {
    ExperimentSpec spec = ExperimentSpec.parse(FILE, "t.conf", "t", List.of());
    List<PairedFindings.Finding> f = spec.compare().evaluate(spec, spec.grid().points(), outcomes(spec));
    // Axis order, not the file's: curriculum before anti; contexts in grid order.
    assertEquals(List.of("partition=labeldir: curriculum - random", "partition=labeldir: anti - random",
        "partition=iid: curriculum - random", "partition=iid: anti - random"),
        f.stream().map(x -> x.context() + ": " + x.comparison()).toList());

    // labeldir curriculum - random = +1, +2, +3 points: mean 2, s = 1, se = 1/sqrt(3);
    // t_{0.975,2} = 4.3026527 gives a half-width 2.4841377: [-0.484, +4.484] contains 0.
    var c = f.get(0).difference();
    assertEquals(2.0, c.mean(), 1e-9);
    assertEquals(1.0, c.standardDeviation(), 1e-9);
    assertEquals(2.0 - 4.3026527 / Math.sqrt(3), c.lower(), 1e-6);
    assertEquals(2.0 + 4.3026527 / Math.sqrt(3), c.upper(), 1e-6);
    assertEquals(Verdict.INCONCLUSIVE, f.get(0).verdict());
    // labeldir anti - random = -9, -9, -10: mean -9.333, s = 0.57735, half-width 4.3026527 * 0.57735 / sqrt(3) = 1.43422.
    var a = f.get(1).difference();
    assertEquals(-28.0 / 3, a.mean(), 1e-9);
    assertEquals(-28.0 / 3 + 4.3026527 * Math.sqrt(1.0 / 3) / Math.sqrt(3), a.upper(), 1e-6);
    assertEquals(Verdict.REPRODUCED, f.get(1).verdict());
    // iid curriculum - random = -2, -1.5, -1.5: mean -5/3, whole interval below 0: the opposite of the reported increase.
    assertEquals(-5.0 / 3, f.get(2).difference().mean(), 1e-9);
    assertTrue(f.get(2).difference().upper() < 0);
    assertEquals(Verdict.NOT_REPRODUCED, f.get(2).verdict());
    // iid anti: seed 3 failed, so only seeds 1 and 2 pair: -1, -0.5.
    assertEquals(2, f.get(3).pairs());
    assertArrayEquals(new double[] {-1, -0.5}, f.get(3).difference().differences(), 1e-9);
    assertEquals(-0.75, f.get(3).difference().mean(), 1e-9);
    assertEquals(ReportedEffect.DECREASE, f.get(3).reported());

    String md = spec.compare().markdown(f, spec.metric());
    assertTrue(md.contains("| partition=labeldir | curriculum - random | +1.00, +2.00, +3.00 | +2.00 [-0.48, +4.48] |"), md);
    assertTrue(md.contains("| increase | inconclusive |"), md);
    assertTrue(md.contains("| partition=iid | curriculum - random | -2.00, -1.50, -1.50 | -1.67 [-2.38, -0.95] |"), md);
    assertTrue(md.contains("- partition=labeldir: anti - random: -9.33 [95% CI -10.77, -7.90], n = 3, p = "), md);
    assertTrue(md.contains("the paper reports a decrease: reproduced."), md);

    // The experiment's summary.md carries the section.
    String summary = ExperimentReport.markdown(new ExperimentPlan(spec, spec.grid().points(), List.of(), null),
        ExperimentSummary.of(spec.grid().points(), outcomes(spec)), outcomes(spec), "fedspark experiment t.conf");
    assertTrue(summary.contains("## Paired comparisons") && summary.contains("| partition=iid | anti - random | -1.00, -0.50 |"), summary);
  }

  @Test
  void fewerThanTwoPairsGiveNoIntervalAndNoDifferenceUsesTheMargin() {
    ExperimentSpec spec = ExperimentSpec.parse(FILE, "t.conf", "t", List.of("experiment.seeds=[1, 2, 3]",
        "experiment.compare.findings={curriculum = no-difference}", "experiment.compare.margin=2.5"));
    List<RunOutcome> all = outcomes(spec);
    List<RunOutcome> firstSeedOnly = all.stream().filter(o -> o.run().seed() == 1).toList();
    var one = spec.compare().evaluate(spec, spec.grid().points(), firstSeedOnly);
    assertNull(one.get(0).difference());
    assertNull(one.get(0).verdict());
    assertTrue(spec.compare().markdown(one, spec.metric()).contains("| fewer than 2 pairs |"));

    var f = spec.compare().evaluate(spec, spec.grid().points(), all);
    // labeldir: [-0.48, +4.48] is not within +-2.5 and contains 0; iid: [-2.38, -0.95] is within +-2.5.
    assertEquals(Verdict.INCONCLUSIVE, f.get(0).verdict());
    assertEquals(Verdict.REPRODUCED, f.get(1).verdict());
    assertTrue(spec.compare().markdown(f, spec.metric()).contains("no difference: within ±2.5"));
  }

  @Test
  void mistakesNameTheKeyAndWhatIsExpected() {
    assertMessage(() -> ExperimentSpec.parse(FILE, "t.conf", "t", List.of("experiment.compare.control=best")),
        "experiment.compare.control", "best", "random");
    assertMessage(() -> ExperimentSpec.parse(FILE, "t.conf", "t", List.of("experiment.compare.axis=rounds")),
        "experiment.compare.axis", "rounds", "partition");
    assertMessage(() -> ExperimentSpec.parse(FILE, "t.conf", "t", List.of("experiment.compare.findings={curriculum = better}")),
        "experiment.compare.findings.curriculum", "better", "increase");
    assertMessage(() -> ExperimentSpec.parse(FILE, "t.conf", "t", List.of("experiment.compare.findings={curriculum = no-difference}")),
        "experiment.compare.margin", "equivalence margin");
    assertMessage(() -> ExperimentSpec.parse(FILE, "t.conf", "t", List.of("experiment.compare.findings={random = increase}")),
        "experiment.compare.findings.random", "compared with itself");
    assertMessage(() -> ExperimentSpec.parse(FILE, "t.conf", "t", List.of("experiment.compare.treatment=x")),
        "experiment.compare.treatment", "unknown key");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable e, String... parts) {
    String m = assertThrows(InvalidConfigException.class, e).getMessage();
    for (String p : parts) {
      assertTrue(m.contains(p), "'" + p + "' not in: " + m);
    }
  }
}
