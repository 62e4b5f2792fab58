package io.fedspark.jobs.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Mean and standard deviation per grid point against values worked out by hand (no Spark). */
class ExperimentSummaryTest {
  @Test
  void meanAndSampleStandardDeviation() {
    // (0.90 + 0.92 + 0.94) / 3 = 0.92; squared deviations 0.0004 + 0 + 0.0004 = 0.0008, / (3 - 1) = 0.0004, sqrt = 0.02.
    assertEquals(0.92, ExperimentSummary.mean(new double[] {0.90, 0.92, 0.94}), 1e-12);
    assertEquals(0.02, ExperimentSummary.sampleStd(new double[] {0.90, 0.92, 0.94}), 1e-12);
    // (0.5, 0.7): mean 0.6; 0.01 + 0.01 = 0.02, / 1, sqrt = 0.1414213562.
    assertEquals(Math.sqrt(0.02), ExperimentSummary.sampleStd(new double[] {0.5, 0.7}), 1e-12);
    assertTrue(Double.isNaN(ExperimentSummary.sampleStd(new double[] {0.5})), "undefined for one value");
    assertTrue(Double.isNaN(ExperimentSummary.mean(new double[0])));
  }

  @Test
  void summaryGroupsRunsByGridPointLeavesFailuresOutAndRendersBothTables() {
    ExperimentSpec spec = ExperimentSpec.parse("""
        experiment {
          grid { "federate.partition.scheme" = [labeldir, iid], "federate.curriculum.data-ordering" = [curriculum, anti-curriculum] }
          labels { "federate.partition.scheme" = partition, "federate.curriculum.data-ordering" = ordering }
          seeds = [1, 2, 3]
        }
        """, "t.conf", "t", List.of());
    List<GridPoint> points = spec.grid().points();
    double[][] acc = {{0.90, 0.92, 0.94}, {0.5, 0.7, Double.NaN}, {0.8, 0.8, 0.8}, {0.6, Double.NaN, Double.NaN}};
    List<RunOutcome> outcomes = new java.util.ArrayList<>();
    int n = 0;
    for (GridPoint p : points) {
      for (int s = 0; s < 3; s++) {
        var run = new ExperimentPlan.PlannedRun(++n, 12, p, s + 1, List.of());
        double a = acc[p.index()][s];
        outcomes.add(Double.isNaN(a)
            ? RunOutcome.failed(run, "boom\nat line 2", 1, "dir")
            : new RunOutcome(run, null, a, 2, 1, "dir", new double[] {1, 2}, new double[] {a / 2, a}));
      }
    }
    ExperimentSummary sum = ExperimentSummary.of(points, outcomes);
    var p0 = sum.points().get(0);
    assertEquals(3, p0.n());
    assertEquals(0.92, p0.mean(), 1e-12);
    assertEquals(0.02, p0.std(), 1e-12);
    assertEquals(0.46, p0.curveMean()[0], 1e-12);
    // round 1 holds a / 2 = 0.45, 0.46, 0.47: std 0.01; round 2 holds a itself: std 0.02
    assertEquals(0.01, p0.curveStd()[0], 1e-12);
    assertEquals(0.02, p0.curveStd()[1], 1e-12);
    assertTrue(Double.isNaN(sum.points().get(3).curveStd()[1]), "one evaluated run: no spread");
    var p1 = sum.points().get(1);
    assertEquals(2, p1.n());
    assertEquals(1, p1.failed());
    assertEquals(0.6, p1.mean(), 1e-12);
    assertEquals(Math.sqrt(0.02), p1.std(), 1e-12);
    assertEquals(0.0, sum.points().get(2).std(), 1e-12);
    assertTrue(Double.isNaN(sum.points().get(3).std()));

    String md = sum.markdown(spec);
    assertTrue(md.contains("| partition | ordering | final test accuracy (%), mean ± std | n | failed |"), md);
    assertTrue(md.contains("| labeldir | curriculum | 92.00 ± 2.00 | 3 | 0 |"), md);
    assertTrue(md.contains("| labeldir | anti-curriculum | 60.00 ± 14.14 | 2 | 1 |"), md);
    assertTrue(md.contains("| iid | anti-curriculum | 60.00 ± - | 1 | 2 |"), md);
    assertTrue(md.contains("| partition \\ ordering | curriculum | anti-curriculum |"), md);
    assertTrue(md.contains("| labeldir | 92.00 ± 2.00 | 60.00 ± 14.14 (1 failed) |"), md);
    assertTrue(md.contains("| iid | 80.00 ± 0.00 | 60.00 ± - (2 failed) |"), md);
    assertEquals("boom at line 2", outcomes.get(5).error(), "errors are kept on one line");

    String csv = ExperimentReport.csv(spec, outcomes);
    List<String> lines = csv.lines().toList();
    assertEquals(13, lines.size());
    assertEquals("run,partition,ordering,seed,status,final_test_accuracy,rounds,seconds,run_dir,error", lines.get(0));
    assertEquals("1,labeldir,curriculum,1,ok,0.900000,2,1.0,dir,", lines.get(1));
    assertEquals("6,labeldir,anti-curriculum,3,failed,,0,1.0,dir,boom at line 2", lines.get(6));
  }
}
